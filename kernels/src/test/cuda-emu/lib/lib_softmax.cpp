// softmax.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace softmax_cu {
#include "softmax.cu"
}

EMU_MODULE(softmax,
    EMU_KERNEL(softmax_cu, softmax_warp_f32, 1024),
    EMU_KERNEL(softmax_cu, softmax_block_f32, 1024))

// index.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace index_cu {
#include "index.cu"
}

EMU_MODULE(index,
    EMU_KERNEL(index_cu, int_to_float_f32, 1024),
    EMU_KERNEL(index_cu, float_to_index_f32, 1024),
    EMU_KERNEL(index_cu, gather_f32, 1024),
    EMU_KERNEL(index_cu, scatter_add_f32, 1024))

// random.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace random_cu {
#include "random.cu"
}

EMU_MODULE(random,
    EMU_KERNEL(random_cu, uniform_f32, 1024),
    EMU_KERNEL(random_cu, normal_f32, 1024),
    EMU_KERNEL(random_cu, dropout_f32, 1024))

// optim.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace optim_cu {
#include "optim.cu"
}

EMU_MODULE(optim,
    EMU_KERNEL(optim_cu, sgd_f32, 1024),
    EMU_KERNEL(optim_cu, adam_f32, 1024))

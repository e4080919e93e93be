// optim.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace optim_cu {
#include "optim.cu"
}

EMU_MODULE(optim,
    EMU_KERNEL(optim_cu, sgd_f32, 1024),
    EMU_KERNEL(optim_cu, adam_f32, 1024),
    EMU_KERNEL(optim_cu, mt_table_build, 1024),
    EMU_KERNEL(optim_cu, sgd_multi_f32, 1024),
    EMU_KERNEL(optim_cu, adam_multi_f32, 1024),
    EMU_KERNEL(optim_cu, grad_sumsq_multi_f32, 256),
    EMU_KERNEL(optim_cu, clip_scale_multi_f32, 1024))

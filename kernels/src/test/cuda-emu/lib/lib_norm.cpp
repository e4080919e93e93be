// norm.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace norm_cu {
#include "norm.cu"
}

EMU_MODULE(norm,
    EMU_KERNEL(norm_cu, bn_stats_f32, 1024),
    EMU_KERNEL(norm_cu, bn_stats_params_f32, 1024),
    EMU_KERNEL(norm_cu, bn_params_f32, 1024),
    EMU_KERNEL(norm_cu, bn_update_running_f32, 1024),
    EMU_KERNEL(norm_cu, bn_affine_f32, 1024),
    EMU_KERNEL(norm_cu, bn_backward_f32, 1024))

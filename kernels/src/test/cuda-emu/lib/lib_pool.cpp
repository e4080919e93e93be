// pool.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace pool_cu {
#include "pool.cu"
}

EMU_MODULE(pool,
    EMU_KERNEL(pool_cu, maxpool2d_fwd_f32, 1024),
    EMU_KERNEL(pool_cu, maxpool2d_bwd_f32, 1024),
    EMU_KERNEL(pool_cu, avgpool2d_fwd_f32, 1024),
    EMU_KERNEL(pool_cu, avgpool2d_bwd_f32, 1024))

// gemm.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace gemm_cu {
#include "gemm.cu"
}

EMU_MODULE(gemm,
    EMU_KERNEL(gemm_cu, sgemm_f32, F32_THREADS),
    EMU_KERNEL(gemm_cu, sgemm_tf32, TF_THREADS))

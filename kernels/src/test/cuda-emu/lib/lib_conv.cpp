// conv.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace conv_cu {
#include "conv.cu"
}

EMU_MODULE(conv,
    EMU_KERNEL(conv_cu, conv2d_forward_f32, F32_THREADS),
    EMU_KERNEL(conv_cu, conv2d_forward_tf32, TF_THREADS),
    EMU_KERNEL(conv_cu, conv2d_backward_input_f32, F32_THREADS),
    EMU_KERNEL(conv_cu, conv2d_backward_input_tf32, TF_THREADS),
    EMU_KERNEL(conv_cu, conv2d_backward_weight_f32, F32_THREADS),
    EMU_KERNEL(conv_cu, conv2d_backward_weight_tf32, TF_THREADS),
    EMU_KERNEL(conv_cu, conv2d_splitk_reduce_f32, 1024))

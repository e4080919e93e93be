// elementwise.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace elementwise_cu {
#include "elementwise.cu"
}

EMU_MODULE(elementwise,
    EMU_KERNEL(elementwise_cu, fill_f32, 1024),
    EMU_KERNEL(elementwise_cu, unary_f32, 1024),
    EMU_KERNEL(elementwise_cu, binary_f32, 1024),
    EMU_KERNEL(elementwise_cu, binary_scalar_f32, 1024),
    EMU_KERNEL(elementwise_cu, add_f32, 1024),
    EMU_KERNEL(elementwise_cu, unary_strided_f32, 1024),
    EMU_KERNEL(elementwise_cu, binary_strided_f32, 1024),
    EMU_KERNEL(elementwise_cu, where_strided_f32, 1024),
    EMU_KERNEL(elementwise_cu, copy_strided_f32, 1024),
    EMU_KERNEL(elementwise_cu, fill_strided_f32, 1024))

// reduce.cu's kernels in the emulator library (see emu_lib.h).
#include "emu_lib.h"

namespace reduce_cu {
#include "reduce.cu"
}

EMU_MODULE(reduce,
    EMU_KERNEL(reduce_cu, reduce_rows_f32, 1024),
    EMU_KERNEL(reduce_cu, reduce_cols_f32, COLS_THREADS),
    EMU_KERNEL(reduce_cu, argmax_rows_f32, 1024))

package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The split-K choice of the convolution weight gradient. No GPU needed. */
class CudaSplitKTest {
    private static final int H100_SMS = 132;

    @Test
    void smallLayerWithLongReductionSplitsForOccupancy() {
        // 64 x (64*3*3): 1 x 5 tiles; 2 * 132 / 5 -> 53 splits; K = 32 * 32 * 32 allows 64
        assertEquals(53, CudaLinearAlgebra.splitK(64, 576, 32 * 32 * 32, H100_SMS));
    }

    @Test
    void shortReductionLimitsTheSplits() {
        // K = 1000 positions: at most ceil(1000 / 512) = 2 splits of >= 512
        assertEquals(2, CudaLinearAlgebra.splitK(64, 576, 1000, H100_SMS));
        assertEquals(1, CudaLinearAlgebra.splitK(64, 576, 100, H100_SMS));
    }

    @Test
    void largeLayerFillsTheGpuWithoutSplitting() {
        // 1024 x 4608: 8 x 36 = 288 tiles, already more than 2 per SM
        assertEquals(1, CudaLinearAlgebra.splitK(1024, 4608, 1 << 20, H100_SMS));
    }

    @Test
    void gridZLimitCapsTheSplits() {
        assertEquals(65535, CudaLinearAlgebra.splitK(1, 1, Integer.MAX_VALUE, 1_000_000));
    }
}

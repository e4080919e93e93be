package ionas.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Printing graphs, exporting DOT, and anomaly mode. */
class InspectionTest {
    @Test
    void textGraphShowsOpsNamesAndSharedNodesOnce() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true).named("x");
        Tensor y = x.mul(x).sum().named("loss");
        String text = Graphs.toText(y);
        assertEquals("""
                #1 Sum 'loss' []
                └─ #2 Mul [2]
                   ├─ #3 leaf 'x' [2] requiresGrad
                   └─ #3 (shown above)
                """, text);
    }

    @Test
    void dotExportHasANodePerTensorAndOp() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true).named("x");
        String dot = Graphs.toDot(x.exp().sum());
        assertTrue(dot.startsWith("digraph autograd {"), dot);
        assertTrue(dot.contains("label=\"Exp\"") && dot.contains("label=\"Sum\""), dot);
        assertTrue(dot.contains("t2 -> t1_op"), dot); // x feeds Exp, whose output feeds Sum
        assertEquals(3, dot.lines().filter(l -> l.contains("shape=ellipse")).count());
    }

    @Test
    void anomalyModeNamesTheOpThatProducedNaNInForward() {
        Tensor x = Tensor.of(new float[] {1, -1}, 2).requiresGrad(true);
        try (var scope = Autograd.detectAnomaly()) {
            var err = assertThrows(AnomalyException.class, () -> x.log());
            assertTrue(err.getMessage().startsWith("Log produced NaN in its forward pass"), err.getMessage());
            assertTrue(err.getMessage().contains("InspectionTest"), "names the user's line: " + err.getMessage());
        }
    }

    @Test
    void anomalyModeNamesTheOpThatProducedInfInBackward() {
        Tensor x = Tensor.of(new float[] {0, 4}, 2).requiresGrad(true);
        try (var scope = Autograd.detectAnomaly()) {
            Tensor y = x.sqrt().sum(); // finite forward; d sqrt(x)/dx = inf at 0
            var err = assertThrows(AnomalyException.class, y::backward);
            assertTrue(err.getMessage().startsWith("Sqrt produced Inf in the gradient of its input 0"), err.getMessage());
            assertTrue(err.getMessage().contains("InspectionTest.java"), err.getMessage());
            assertEquals("Sqrt", err.op().name());
        }
    }

    @Test
    void withoutAnomalyModeNaNPassesSilently() {
        Tensor x = Tensor.of(new float[] {-1}, 1).requiresGrad(true);
        assertTrue(Double.isNaN(x.log().item()));
    }
}

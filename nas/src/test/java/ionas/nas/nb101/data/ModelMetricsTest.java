package ionas.nas.nb101.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelMetricsTest {
    @Test
    void decodesHandEncodedFieldsByNumber() throws Exception {
        // field 2 varint 150 = 10 96 01; field 3 double 2.5 = 19 + 0000000000000440 (LE)
        ModelMetrics m = ModelMetrics.parse(HexFormat.of().parseHex("109601190000000000000440"));
        assertEquals(150, m.trainableParameters());
        assertEquals(2.5, m.totalTime());
        assertEquals(List.of(), m.evaluationData());
        ModelMetrics empty = ModelMetrics.parse(new byte[0]);
        assertEquals(-1, empty.trainableParameters());
        assertTrue(Double.isNaN(empty.totalTime()));
    }

    @Test
    void roundTripsAndSkipsUnknownFieldsAndTheCheckpointPath() throws Exception {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        CodedOutputStream e = CodedOutputStream.newInstance(inner);
        e.writeDouble(1, 108);
        e.writeString(6, "gs://bucket/model.ckpt");     // checkpoint_path, skipped
        e.writeDouble(4, 0.93);
        e.writeUInt64(11, 77);                          // unknown varint
        e.writeDouble(2, 1768.5);
        e.writeDouble(5, 0.92);
        e.writeDouble(3, 1.0);
        e.flush();
        ByteArrayOutputStream outer = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(outer);
        o.writeString(9, "unknown top-level string");
        o.writeByteArray(1, inner.toByteArray());
        o.writeInt32(2, 8555530);
        o.writeFixed32(12, 5);                          // unknown fixed32
        o.writeDouble(3, 1800.25);
        o.flush();
        ModelMetrics m = ModelMetrics.parse(outer.toByteArray());
        assertEquals(new ModelMetrics(List.of(new ModelMetrics.EvaluationData(108, 1768.5, 1.0, 0.93, 0.92)), 8555530, 1800.25), m);
        assertEquals(m, ModelMetrics.parse(m.toByteArray()));
        ModelMetrics three = Fixtures.metrics(1, 2, 1234);
        assertEquals(three, ModelMetrics.parse(three.toByteArray()));
    }

    @Test
    void truncatedBytesAreAnError() throws IOException {
        byte[] bytes = Fixtures.metrics(0, 0, 99).toByteArray();
        assertThrows(InvalidProtocolBufferException.class, () -> ModelMetrics.parse(java.util.Arrays.copyOf(bytes, bytes.length - 3)));
    }

    @Test
    void runMetricsTakeHalfwayAndFinalEvaluations() {
        RunMetrics r = RunMetrics.of(Fixtures.metrics(1, 2, 5));
        assertEquals(520, r.halfwayTrainingTime());
        assertEquals(0.87 - 0.11, r.halfwayValidationAccuracy(), 1e-12);
        assertEquals(1120, r.finalTrainingTime());
        assertEquals(0.87, r.finalValidationAccuracy(), 1e-12);
        assertEquals(0.86, r.finalTestAccuracy(), 1e-12);
        assertEquals(0.97, r.finalTrainAccuracy(), 1e-12);
        var err = assertThrows(IllegalArgumentException.class, () -> RunMetrics.of(new ModelMetrics(List.of(), 5, 1)));
        assertTrue(err.getMessage().contains("0 evaluation_data entries"), err.getMessage());
    }
}

package ionas.nas.nb101.data;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of NAS-Bench-101's {@code ModelMetrics} protocol buffer ({@code nasbench/lib/model_metrics.proto},
 * proto2) that ionas reads; one training run of one cell at one epoch budget:
 *
 * <pre>
 * message ModelMetrics {
 *   repeated EvaluationData evaluation_data = 1;   // [0] at step 0, [1] halfway, [2] at the end
 *   optional int32 trainable_parameters = 2;
 *   optional double total_time = 3;
 * }
 * message EvaluationData {
 *   optional double current_epoch = 1;
 *   optional double training_time = 2;             // seconds, evaluation excluded
 *   optional double train_accuracy = 3;
 *   optional double validation_accuracy = 4;
 *   optional double test_accuracy = 5;
 *   optional string checkpoint_path = 6;           // skipped
 * }
 * </pre>
 *
 * Decoded by field number with protobuf's {@link CodedInputStream} (no generated code). Fields
 * this class does not know, and known field numbers with an unexpected wire type, are skipped as
 * protobuf does. An absent double is NaN (not proto2's default 0.0, so that "missing" stays visible);
 * an absent {@code trainable_parameters} is -1.
 *
 * @param trainableParameters -1 when absent
 * @param totalTime seconds, NaN when absent
 */
public record ModelMetrics(List<EvaluationData> evaluationData, long trainableParameters, double totalTime) {
    static final int EVALUATION_DATA = 1, TRAINABLE_PARAMETERS = 2, TOTAL_TIME = 3;
    static final int CURRENT_EPOCH = 1, TRAINING_TIME = 2, TRAIN_ACCURACY = 3, VALIDATION_ACCURACY = 4, TEST_ACCURACY = 5;

    public ModelMetrics {
        evaluationData = List.copyOf(evaluationData);
    }

    /** One evaluation during a training run; NaN for absent fields. */
    public record EvaluationData(double currentEpoch, double trainingTime, double trainAccuracy,
                                 double validationAccuracy, double testAccuracy) {}

    /** Decodes a serialized ModelMetrics. */
    public static ModelMetrics parse(byte[] bytes) throws InvalidProtocolBufferException {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            List<EvaluationData> evals = new ArrayList<>();
            long params = -1;
            double total = Double.NaN;
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == tag(EVALUATION_DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    evals.add(parseEvaluation(in));
                    in.popLimit(limit);
                } else if (tag == tag(TRAINABLE_PARAMETERS, WireFormat.WIRETYPE_VARINT)) {
                    params = in.readInt32();
                } else if (tag == tag(TOTAL_TIME, WireFormat.WIRETYPE_FIXED64)) {
                    total = in.readDouble();
                } else if (!in.skipField(tag)) {
                    break; // an end-group tag
                }
            }
            return new ModelMetrics(evals, params, total);
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
    }

    private static EvaluationData parseEvaluation(CodedInputStream in) throws IOException {
        double[] v = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field >= CURRENT_EPOCH && field <= TEST_ACCURACY && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_FIXED64) {
                v[field - 1] = in.readDouble();
            } else if (!in.skipField(tag)) {
                break;
            }
        }
        return new EvaluationData(v[0], v[1], v[2], v[3], v[4]);
    }

    /**
     * Serializes the fields this record holds (NaN doubles and a negative parameter count are left
     * out). Written by hand (varints and little-endian doubles) rather than with CodedOutputStream,
     * whose encoders use sun.misc.Unsafe and make JDK 24+ print warnings.
     */
    public byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (EvaluationData e : evaluationData) {
            ByteArrayOutputStream inner = new ByteArrayOutputStream();
            double[] v = {e.currentEpoch(), e.trainingTime(), e.trainAccuracy(), e.validationAccuracy(), e.testAccuracy()};
            for (int f = 0; f < v.length; f++) if (!Double.isNaN(v[f])) writeDouble(inner, f + 1, v[f]);
            varint(out, tag(EVALUATION_DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED));
            varint(out, inner.size());
            out.writeBytes(inner.toByteArray());
        }
        if (trainableParameters >= 0) {
            varint(out, tag(TRAINABLE_PARAMETERS, WireFormat.WIRETYPE_VARINT));
            varint(out, Math.toIntExact(trainableParameters));
        }
        if (!Double.isNaN(totalTime)) writeDouble(out, TOTAL_TIME, totalTime);
        return out.toByteArray();
    }

    private static void writeDouble(ByteArrayOutputStream out, int field, double value) {
        varint(out, tag(field, WireFormat.WIRETYPE_FIXED64));
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) out.write((int) (bits >>> (8 * i)));
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }
}

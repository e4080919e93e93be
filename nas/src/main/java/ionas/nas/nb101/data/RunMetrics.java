package ionas.nas.nb101.data;

/**
 * One training run (one of NAS-Bench-101's three repeats) of a cell at one epoch budget, as the
 * official API's {@code computed_statistics[hash][epochs][i]} holds it: the evaluation halfway
 * through training and the one at the end. Times are seconds of training (evaluation excluded),
 * accuracies fractions in [0, 1]. A value the source does not have is NaN: the JSON record files
 * ({@code nb101-20k.json}, {@code nb101-1k.json}) hold only the final validation accuracy and, at
 * 108 epochs, the final training time; in particular they have <b>no test accuracy</b>.
 */
public record RunMetrics(double halfwayTrainingTime, double halfwayTrainAccuracy, double halfwayValidationAccuracy,
                         double halfwayTestAccuracy, double finalTrainingTime, double finalTrainAccuracy,
                         double finalValidationAccuracy, double finalTestAccuracy) {
    static final int FIELDS = 8;

    /** A run of which only the final validation accuracy and training time (possibly NaN) are known. */
    public static RunMetrics finalValidationOnly(double validationAccuracy, double trainingTime) {
        double n = Double.NaN;
        return new RunMetrics(n, n, n, n, trainingTime, n, validationAccuracy, n);
    }

    /** The run from a ModelMetrics: {@code evaluation_data[1]} is halfway, {@code [2]} the end (as the official API reads it). */
    public static RunMetrics of(ModelMetrics m) {
        if (m.evaluationData().size() < 3)
            throw new IllegalArgumentException("ModelMetrics has " + m.evaluationData().size()
                    + " evaluation_data entries; NAS-Bench-101 records have 3 (start, halfway, final)");
        ModelMetrics.EvaluationData h = m.evaluationData().get(1), f = m.evaluationData().get(2);
        return new RunMetrics(h.trainingTime(), h.trainAccuracy(), h.validationAccuracy(), h.testAccuracy(),
                f.trainingTime(), f.trainAccuracy(), f.validationAccuracy(), f.testAccuracy());
    }

    double[] toArray() {
        return new double[] {halfwayTrainingTime, halfwayTrainAccuracy, halfwayValidationAccuracy, halfwayTestAccuracy,
            finalTrainingTime, finalTrainAccuracy, finalValidationAccuracy, finalTestAccuracy};
    }

    static RunMetrics fromArray(double[] v, int off) {
        return new RunMetrics(v[off], v[off + 1], v[off + 2], v[off + 3], v[off + 4], v[off + 5], v[off + 6], v[off + 7]);
    }
}

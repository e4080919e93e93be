package ionas.experiments.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import ionas.nas.nb101.CellOp;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.data.QueryResult;
import ionas.nas.nb101.data.RunMetrics;
import java.util.List;
import java.util.Map;

/**
 * What {@code ionas nb101 info} prints about one cell, as Jackson writes it: snake_case names in
 * the order of the components. A null component is written as {@code null} where readers expect
 * the field to be there ("no cell known"), and left out where the field is optional (accuracies a
 * record file does not hold).
 *
 * @param cell the pruned cell, null when no graph is known for the hash
 * @param graphSource where the graph came from, null when none is known
 */
record CellInfo(String hash, String hashSource, Cell cell, String graphSource, Parameters parameters, Benchmark benchmark,
                List<String> notes) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** The pretty-printed JSON, without a final line break. */
    String toJson() throws JsonProcessingException {
        return JSON.writeValueAsString(this);
    }

    /** The pruned cell and whether it lies in the NAS-Bench-101 space. */
    record Cell(int vertices, int edges, int[][] matrix, List<String> ops, boolean inNasbench101Space) {
        static Cell of(CellSpec c, boolean inSpace) {
            return new Cell(c.vertices(), c.edgeCount(), c.matrix(), c.ops().stream().map(CellOp::label).toList(), inSpace);
        }
    }

    /**
     * The paper network's parameter count, computed and as the benchmark records it (null when
     * unknown), and whether they agree (left out unless both are known).
     */
    record Parameters(String network, Long count, Long benchmark, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean match) {}

    /**
     * The benchmark file and the cell's records in it: {@code epochs} is null when the file does not
     * hold the cell, and then {@code index} is left out.
     */
    record Benchmark(String file, String format, boolean hasTestAccuracy,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String testAccuracyNote,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Integer index, Map<String, Epochs> epochs) {}

    /** One training budget: every run's metrics and their mean. */
    record Epochs(List<Run> runs, Mean mean) {}

    /** One training run's metrics; those the file does not hold are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Run(Double finalValidationAccuracy, Double finalTestAccuracy, Double finalTrainAccuracy, Double finalTrainingTime,
               Double halfwayValidationAccuracy, Double halfwayTestAccuracy, Double halfwayTrainAccuracy, Double halfwayTrainingTime) {
        static Run of(RunMetrics r) {
            return new Run(known(r.finalValidationAccuracy()), known(r.finalTestAccuracy()), known(r.finalTrainAccuracy()),
                    known(r.finalTrainingTime()), known(r.halfwayValidationAccuracy()), known(r.halfwayTestAccuracy()),
                    known(r.halfwayTrainAccuracy()), known(r.halfwayTrainingTime()));
        }
    }

    /** The mean over the repeats; metrics the file does not hold are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Mean(int repeats, Double validationAccuracy, Double testAccuracy, Double trainAccuracy, Double trainingTime) {
        static Mean of(QueryResult m) {
            return new Mean(m.repeats(), known(m.validationAccuracy()), known(m.testAccuracy()), known(m.trainAccuracy()),
                    known(m.trainingTime()));
        }
    }

    /** The records mark a metric they lack as NaN; the JSON leaves it out. */
    private static Double known(double v) {
        return Double.isNaN(v) ? null : v;
    }
}

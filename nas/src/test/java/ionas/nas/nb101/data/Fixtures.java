package ionas.nas.nb101.data;

import ionas.nas.nb101.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small benchmark files written by the tests themselves. */
final class Fixtures {
    private Fixtures() {}

    static final CellSpec CHAIN = CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv3x3-bn-relu", "output");
    static final CellSpec BRANCH = CellSpec.of(new int[][] {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}},
            "input", "conv1x1-bn-relu", "maxpool3x3", "output");
    static final CellSpec SKIP = CellSpec.of(new int[][] {{0, 1}, {0, 0}}, "input", "output");

    /** The runs the official fixture holds: cell c, repeat r, at 108 epochs. */
    static ModelMetrics metrics(int c, int r, long params) {
        double base = 0.80 + 0.05 * c + 0.01 * r;
        var start = new ModelMetrics.EvaluationData(0, 0, 0.1, 0.1, 0.1);
        var half = new ModelMetrics.EvaluationData(54, 500 + 10 * r, base - 0.1, base - 0.11, base - 0.12);
        var end = new ModelMetrics.EvaluationData(108, 1000 + 100 * c + 10 * r, base + 0.1, base, base - 0.01);
        return new ModelMetrics(List.of(start, half, end), params, 1100 + 100 * c + 10 * r);
    }

    static final String[] HASHES = {"aaaa0000000000000000000000000001", "bbbb0000000000000000000000000002", "cccc0000000000000000000000000003"};
    static final CellSpec[] CELLS = {CHAIN, BRANCH, SKIP};
    static final long[] PARAMS = {1000, 2000, 3000};

    /** Three cells, three repeats each at 108 epochs (interleaved as cell0 r0, cell1 r0, cell0 r1, ...), one run of cell 0 at 4 epochs. */
    static Path officialFile(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try (TFRecordWriter w = TFRecordWriter.create(file)) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) w.write(new OfficialRecord(HASHES[c], 108, CELLS[c], metrics(c, r, PARAMS[c])).toPayload());
            }
            w.write(new OfficialRecord(HASHES[0], 4, CELLS[0], metrics(0, 5, PARAMS[0])).toPayload());
        }
        return file;
    }

    /** The JSON format: two cells with graphs (one with padding vertices), plus an ignored embedding. */
    static final String JSON = """
            {"4_final_validation_accuracy": [0.25, 0.5],
             "108_final_validation_accuracy": [0.93, 0.89],
             "final_training_time": [1768.5, 1203.25],
             "trainable_parameters": [8555530, 5878154],
             "embedding": [[1.0, 2.0], [3.0, 4.0]],
             "key": ["00005c142e6f48ac74fdcf73e3439874", "ffff0000000000000000000000000000"],
             "operations": [[-1, 0, 2, 0, 0, 1, -2], [-1, 1, -2, -3, -3, -3, -3]],
             "adjacency": [
               [[0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0],
                [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
                [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]],
               [[0, 1, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0],
                [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]]]}
            """;

    static Path jsonFile(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}

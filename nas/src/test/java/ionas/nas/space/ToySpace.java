package ionas.nas.space;

import com.fasterxml.jackson.databind.JsonNode;
import ionas.autograd.Tensor;
import ionas.nas.random.PythonRandom;
import ionas.nn.layers.Linear;
import ionas.tensor.Generator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A second space that shares nothing with NAS-Bench-101, to prove the seam: a cell is
 * {@link #BRANCHES} parallel branches from the input to the output, each one of {@link #OPS}
 * operations. Branches are interchangeable, so a cell's canonical key is its ops sorted
 * ("0-1-3"), and the space holds each multiset once: C(OPS + BRANCHES - 1, BRANCHES) = 20 cells.
 * Its encoding has operations as nodes (input, the branches, output), as arch2vec encodes
 * NAS-Bench-201: 5 nodes and OPS + 2 = 6 op types.
 */
final class ToySpace implements CellSpace<ToySpace.Cell> {
    static final int BRANCHES = 3, OPS = 4;
    static final GraphLayout LAYOUT = new GraphLayout(BRANCHES + 2, OPS + 2);

    /** The op of each branch, in any order. */
    record Cell(List<Integer> ops) {}

    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();

    ToySpace() {
        for (int a = 0; a < OPS; a++)
            for (int b = a; b < OPS; b++)
                for (int c = b; c < OPS; c++) {
                    index.put(key(List.of(a, b, c)), keys.size());
                    keys.add(key(List.of(a, b, c)));
                }
    }

    private static String key(List<Integer> ops) {
        return ops.stream().sorted().map(String::valueOf).collect(Collectors.joining("-"));
    }

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public int size() {
        return keys.size();
    }

    @Override
    public Cell cell(int index) {
        return new Cell(Arrays.stream(keys.get(index).split("-")).map(Integer::valueOf).toList());
    }

    @Override
    public String key(int index) {
        return keys.get(index);
    }

    @Override
    public int indexOf(String key) {
        return index.getOrDefault(key, -1);
    }

    @Override
    public String keyOf(Cell cell) {
        return key(cell.ops());
    }

    /** The branches' ops, in the cell's order, under {@code ops}. */
    @Override
    public Map<String, Object> describe(Cell cell) {
        return Map.of("ops", cell.ops());
    }

    @Override
    public Cell read(JsonNode fields) {
        List<Integer> ops = new ArrayList<>();
        fields.path("ops").forEach(o -> ops.add(o.asInt()));
        if (ops.size() != BRANCHES) throw new IllegalArgumentException("toy cell: 'ops' must hold " + BRANCHES + " ops");
        return new Cell(ops);
    }

    @Override
    public GraphEncoding<Cell> encoding() {
        return new GraphEncoding<>() {
            @Override
            public GraphLayout layout() {
                return LAYOUT;
            }

            @Override
            public EncodedGraph encode(Cell cell) {
                int n = LAYOUT.nodes(), k = LAYOUT.opTypes(), out = n - 1;
                float[] adj = new float[n * n], ops = new float[n * k];
                ops[0] = 1; // input is op type 0, output the last
                ops[out * k + k - 1] = 1;
                for (int b = 0; b < BRANCHES; b++) {
                    adj[b + 1] = 1;             // input -> branch
                    adj[(b + 1) * n + out] = 1; // branch -> output
                    ops[(b + 1) * k + 1 + cell.ops().get(b)] = 1;
                }
                return new EncodedGraph(LAYOUT, adj, ops);
            }

            /** Valid when the input and output are where they belong and every branch is an op; the key is the cell's. */
            @Override
            public String validKey(DecodedGraph graph) {
                int[] labels = graph.labels();
                int last = LAYOUT.opTypes() - 1;
                if (labels[0] != 0 || labels[LAYOUT.nodes() - 1] != last) return null;
                List<Integer> ops = new ArrayList<>();
                for (int b = 1; b <= BRANCHES; b++) {
                    if (labels[b] == 0 || labels[b] == last) return null;
                    ops.add(labels[b] - 1);
                }
                return key(ops);
            }
        };
    }

    /** One branch, drawn uniformly, gets one of the other ops, drawn uniformly. */
    @Override
    public CellMutation<Cell> mutation() {
        return (parent, rng) -> (PythonRandom r) -> {
            List<Integer> ops = new ArrayList<>(parent.ops());
            int branch = (int) r.randbelow(BRANCHES), other = (int) r.randbelow(OPS - 1);
            ops.set(branch, other < ops.get(branch) ? other : other + 1);
            return key(ops);
        };
    }

    /** Channel means through a linear layer as wide as the stem plus the cell's op sum, then the classifier. */
    @Override
    public CellNetworks<Cell> networks() {
        return (cell, shape, classes, init) -> new ToyNetwork(shape.stemChannels() + cell.ops().stream().mapToInt(Integer::intValue).sum(), classes, init);
    }

    private static final class ToyNetwork extends CellNetwork {
        private final Linear features, classifier;

        ToyNetwork(int width, int classes, Generator init) {
            features = module("features", new Linear(3, width, init));
            classifier = module("classifier", new Linear(width, classes, init));
        }

        @Override
        public Tensor features(Tensor images) {
            return features.forward(images.mean(new int[] {2, 3}, false));
        }

        @Override
        protected Linear classifier() {
            return classifier;
        }
    }

    /**
     * Records for every cell: validation accuracy rising with the ops' weighted sum (unique
     * maximum at "3-3-3"), test accuracy 0.01 lower, 10 s of training; the published optimum is
     * {@code optimum} when given.
     */
    Benchmark benchmark(SpaceOptimum optimum) {
        return new Benchmark() {
            @Override
            public String source() {
                return "toy records";
            }

            @Override
            public boolean contains(String key) {
                return indexOf(key) >= 0;
            }

            @Override
            public CellRecord record(String key) {
                List<Integer> ops = cell(index.get(key)).ops();
                double valid = 0.5 + (16 * ops.get(0) + 4 * ops.get(1) + ops.get(2)) / 200.0;
                return new CellRecord(valid, valid - 0.01, 10);
            }

            @Override
            public Optional<SpaceOptimum> optimum() {
                return Optional.ofNullable(optimum);
            }
        };
    }
}

package ionas.nas.iodata;

import com.fasterxml.jackson.databind.JsonNode;
import ionas.nas.space.CellKind;
import ionas.nas.space.EncodedGraph;
import ionas.nas.space.GraphLayout;
import ionas.nas.spaces.KnownSpaces;
import ionas.nn.io.SafeTensors;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A built IO dataset, opened for training and evaluation: triplets (network, image, target) of the
 * five {@link IoSet}s. Example {@code e} of a set is network {@code e / images} of the set's
 * networks on image {@code e % images} of its images; targets are made on demand by the
 * {@link TargetTransform} from the memory-mapped features. Close it to unmap the files.
 */
public final class IoDataset implements AutoCloseable {
    public static final String STATS = "stats.safetensors";

    private final IoManifest manifest;
    private final IoImages images;
    private final Arena arena;
    private final NetworkOutputs[] outputs;
    private final CellKind<?> kind;
    private final EncodedGraph[] graphs;
    private final TargetTransform transform;
    private final int[][] setNetworks = new int[IoSet.values().length][];

    private IoDataset(IoManifest manifest, IoImages images, Arena arena, NetworkOutputs[] outputs, TargetTransform transform) {
        this.manifest = manifest;
        this.images = images;
        this.arena = arena;
        this.outputs = outputs;
        this.transform = transform;
        kind = KnownSpaces.named(manifest.space());
        graphs = new EncodedGraph[outputs.length];
        for (int n = 0; n < outputs.length; n++) graphs[n] = encode(kind, manifest.networks().get(n).cell());
        Set<String> held = new HashSet<>(manifest.heldTrainNetworks());
        for (IoSet s : IoSet.values()) {
            List<Integer> nets = new ArrayList<>();
            for (int n = 0; n < outputs.length; n++) {
                IoManifest.Network net = manifest.networks().get(n);
                boolean in = switch (s.networks) {
                    case TRAIN -> net.isTrain();
                    case VALIDATION -> !net.isTrain();
                    case TRAIN_HELD -> net.isTrain() && held.contains(net.name());
                    case TRAIN_REST -> net.isTrain() && !held.contains(net.name());
                };
                if (in) nets.add(n);
            }
            setNetworks[s.ordinal()] = nets.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Opens the dataset in {@code dir} with the given target options. */
    public static IoDataset open(Path dir, TargetTransform.Options options) throws IOException {
        IoManifest manifest = IoManifest.read(dir);
        IoImages images = IoImages.read(dir);
        if (images.seenCount() != manifest.seenImages() || images.unseenCount() != manifest.unseenImages())
            throw new IOException(dir + ": " + IoImages.FILE + " does not hold the manifest's image counts");
        Arena arena = Arena.ofShared();
        try {
            NetworkOutputs[] outputs = new NetworkOutputs[manifest.networks().size()];
            for (int n = 0; n < outputs.length; n++) {
                IoManifest.Network net = manifest.networks().get(n);
                Path file = IoDatasetBuilder.outputFile(dir, net.role(), net.name());
                outputs[n] = NetworkOutputs.map(file, arena);
                if (outputs[n].dim() != manifest.featureDim())
                    throw new IOException(file + " has " + outputs[n].dim() + " features, the manifest says " + manifest.featureDim());
            }
            SafeTensors.Contents stats = SafeTensors.read(dir.resolve(STATS));
            TargetTransform t = new TargetTransform(options, outputs, floats(stats, "network_mean", dir), floats(stats, "network_std", dir),
                    floats(stats, "position_mean", dir), floats(stats, "position_std", dir));
            return new IoDataset(manifest, images, arena, outputs, t);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static float[] floats(SafeTensors.Contents c, String name, Path dir) throws IOException {
        return c.require(name, "F32", dir.resolve(STATS)).toFloatArray();
    }

    public IoManifest manifest() {
        return manifest;
    }

    public IoImages images() {
        return images;
    }

    public TargetTransform transform() {
        return transform;
    }

    public int targetSize() {
        return transform.size();
    }

    /** The graph encoding of a cell its space describes with {@code fields}. */
    private static <C> EncodedGraph encode(CellKind<C> kind, JsonNode fields) {
        return kind.encoding().encode(kind.read(fields));
    }

    /** The manifest indices of the networks of {@code set} (a copy). */
    public int[] networks(IoSet set) {
        return setNetworks[set.ordinal()].clone();
    }

    /** How many images each network of {@code set} is run on. */
    public int imagesPerNetwork(IoSet set) {
        return set.unseenImages() ? images.unseenCount() : images.seenCount();
    }

    /** The number of examples of {@code set}: its networks times its images. */
    public long size(IoSet set) {
        return (long) setNetworks[set.ordinal()].length * imagesPerNetwork(set);
    }

    /** The manifest index of the network of example {@code e} of {@code set}. */
    public int network(IoSet set, long e) {
        return setNetworks[set.ordinal()][(int) (e / imagesPerNetwork(set))];
    }

    /** The image index (into the set's images) of example {@code e}. */
    public int image(IoSet set, long e) {
        return (int) (e % imagesPerNetwork(set));
    }

    /** Writes the target of example {@code e} of {@code set} into {@code out[offset..offset+targetSize())}. */
    public void target(IoSet set, long e, float[] out, int offset, float[] scratch) {
        int n = network(set, e), i = image(set, e);
        outputs[n].features(set.unseenImages(), i, scratch, 0);
        transform.apply(n, images.label(set.unseenImages(), i), scratch, out, offset);
    }

    /** The targets of {@code examples[from..to)}: {@code (to - from, targetSize())}. */
    public NDArray targets(IoSet set, long[] examples, int from, int to) {
        int t = targetSize(), b = to - from;
        float[] out = new float[b * t], scratch = new float[manifest.featureDim()];
        for (int k = 0; k < b; k++) target(set, examples[from + k], out, k * t, scratch);
        return NDArray.of(out, b, t);
    }

    /** A training batch: graphs, images and targets of {@code examples[from..to)}. */
    public LabeledBatch batch(IoSet set, long[] examples, int from, int to) {
        int b = to - from, img = IoImages.IMAGE_FLOATS;
        GraphLayout layout = graphLayout();
        int opsSize = layout.opsSize(), adjSize = layout.adjacencySize();
        float[] ops = new float[b * opsSize], adj = new float[b * adjSize], px = new float[b * img];
        float[] pixels = images.pixels(set.unseenImages());
        for (int k = 0; k < b; k++) {
            long e = examples[from + k];
            graphs[network(set, e)].copyInto(adj, k * adjSize, ops, k * opsSize);
            System.arraycopy(pixels, image(set, e) * img, px, k * img, img);
        }
        int n = layout.nodes();
        return new LabeledBatch(NDArray.of(ops, b, n, layout.opTypes()), NDArray.of(adj, b, n, n), NDArray.of(px, b, 3, 32, 32),
                targets(set, examples, from, to));
    }

    /** Network {@code n}'s stored outputs (manifest order). */
    public NetworkOutputs outputs(int n) {
        return outputs[n];
    }

    /** The graph encoding of network {@code n} (its space's, in {@link #graphLayout()}). */
    public EncodedGraph graph(int n) {
        return graphs[n];
    }

    /** The sizes of the networks' graph encodings. */
    public GraphLayout graphLayout() {
        return kind.encoding().layout();
    }

    /** The networks' search space. */
    public CellKind<?> space() {
        return kind;
    }

    @Override
    public void close() {
        arena.close();
    }
}

package ionas.nas.arch2vec;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.Progress;
import ionas.nn.io.SafeTensors;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * arch2vec embeddings of a space (spec 3.8): per cell the mean over all 7 node rows (padded rows
 * included) of the encoder's mu, in evaluation mode (batch-norm running statistics, no dropout).
 * The paper says the node vectors are summed ({@link Pooling#SUM}, 7 times the mean), which matters
 * for the search: its policy's action noise has a fixed unit covariance.
 *
 * <p>File format: safetensors with one F32 tensor {@code embeddings} of shape {@code (N, dim)}, row
 * {@code i} for cell {@code i}, metadata {@code format = "ionas-arch2vec-embeddings"}, and the cells'
 * keys in row order: when every key is a 32-character NAS-Bench-101 hash, {@code version = "1"} and
 * {@code hashes} (the hashes concatenated), else {@code version = "2"} and {@code keys} (the keys
 * joined by newlines; NAS-Bench-201's architecture strings). Written atomically. Readable from
 * Python with {@code safetensors.safe_open}.
 *
 * @param embeddings row-major {@code N x dim}
 */
public record Arch2VecEmbeddings(List<String> hashes, float[] embeddings, int dim) {
    public static final String FORMAT = "ionas-arch2vec-embeddings";
    private static final int HASH_CHARS = 32, CHUNK = 1000;

    public Arch2VecEmbeddings {
        if (embeddings.length != hashes.size() * dim)
            throw new IllegalArgumentException(hashes.size() + " hashes but " + embeddings.length + " values for dimension " + dim);
        hashes = List.copyOf(hashes);
    }

    public int size() {
        return hashes.size();
    }

    /** Cell {@code i}'s embedding (a copy). */
    public float[] get(int i) {
        return java.util.Arrays.copyOfRange(embeddings, i * dim, (i + 1) * dim);
    }

    /** How node vectors become a cell's vector: the code's mean or the paper's sum. */
    public enum Pooling { MEAN, SUM }

    /** The embeddings of every cell of {@code data} (hashes in the same order), as arch2vec's code: the mean of the nodes. */
    public static Arch2VecEmbeddings compute(Arch2Vec model, Arch2VecDataset data, List<String> hashes) {
        return compute(model, data, hashes, Pooling.MEAN, Progress.NONE);
    }

    /** The embeddings of every cell of {@code data} (hashes in the same order), in chunks of 1000, telling {@code progress} the cells done. */
    public static Arch2VecEmbeddings compute(Arch2Vec model, Arch2VecDataset data, List<String> hashes, Pooling pooling, Progress progress) {
        if (hashes.size() != data.size()) throw new IllegalArgumentException(hashes.size() + " hashes for " + data.size() + " cells");
        boolean wasTraining = model.isTraining();
        model.eval();
        int n = data.size(), dim = -1;
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        float[] out = null;
        try (var scope = Autograd.noGrad(); Progress.Task cells = progress.start("embeddings", n, "cells")) {
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                NDArray[] x = data.batch(all, from, to, model.device());
                Tensor mu = model.encode(Tensor.of(x[0]), Tensor.of(Arch2Vec.symmetrise(x[1]))).mu();
                NDArray nodes = mu.data();
                float[] mean = (pooling == Pooling.MEAN ? nodes.mean(1, false) : nodes.sum(1, false)).toFloatArray();
                if (out == null) {
                    dim = mu.size(2);
                    out = new float[n * dim];
                }
                System.arraycopy(mean, 0, out, from * dim, mean.length);
                cells.step(to - from);
            }
        }
        model.train(wasTraining);
        if (out == null) out = new float[0];
        return new Arch2VecEmbeddings(hashes, out, Math.max(dim, 0));
    }

    public void write(Path file) throws IOException {
        String problem = nonFinite();
        if (problem != null) throw new IOException("not writing " + file + ": " + problem);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        if (hashes.stream().allMatch(k -> k.length() == HASH_CHARS)) {
            meta.put("version", "1");
            meta.put("hashes", String.join("", hashes));
        } else {
            for (String k : hashes) {
                if (k.isEmpty() || k.indexOf('\n') >= 0) throw new IllegalArgumentException("cell key '" + k + "' is empty or holds a newline");
            }
            meta.put("version", "2");
            meta.put("keys", String.join("\n", hashes));
        }
        SafeTensors.write(file, Map.of("embeddings", NDArray.of(embeddings, hashes.size(), dim)), meta);
    }

    public static Arch2VecEmbeddings read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        if (!FORMAT.equals(c.metadata().get("format"))) throw new IOException(file + " is not an " + FORMAT + " file");
        NDArray e = c.require("embeddings", "F32", file);
        if (e.dim() != 2) throw new IOException(file + ": the embeddings tensor is not (cells, dim)");
        List<String> keys = keys(c.metadata(), e.size(0));
        if (keys == null) throw new IOException(file + ": the embeddings tensor and the list of cell keys do not agree");
        Arch2VecEmbeddings read = new Arch2VecEmbeddings(keys, e.toFloatArray(), e.size(1));
        String problem = read.nonFinite();
        if (problem != null) throw new IOException(file + ": " + problem);
        return read;
    }

    /** The {@code n} keys a file's metadata lists (either version), or null when it does not list {@code n}. */
    private static List<String> keys(Map<String, String> meta, int n) {
        if ("2".equals(meta.get("version"))) {
            String all = meta.getOrDefault("keys", "");
            List<String> keys = n == 0 && all.isEmpty() ? List.of() : List.of(all.split("\n", -1));
            return keys.size() == n ? keys : null;
        }
        String all = meta.getOrDefault("hashes", "");
        if (all.length() != n * HASH_CHARS) return null;
        List<String> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) hashes.add(all.substring(i * HASH_CHARS, (i + 1) * HASH_CHARS));
        return hashes;
    }

    /**
     * Null when every value is finite, else what is wrong, naming the first bad cell. A model
     * that diverged embeds cells as NaN, and a search or a predictor fed them fails far from the
     * cause, or worse, finishes with nothing to show (every NaN comparison is false).
     */
    public String nonFinite() {
        int bad = 0, first = -1;
        for (int i = 0; i < size(); i++) {
            for (int j = 0; j < dim; j++) {
                if (!Float.isFinite(embeddings[i * dim + j])) {
                    if (first < 0) first = i;
                    bad++;
                    break;
                }
            }
        }
        if (bad == 0) return null;
        return bad + " of " + size() + " cells have embeddings that are NaN or infinite (the first: row " + first + ", cell "
                + hashes.get(first) + "): the model that made them diverged; train it again (a lower --lr, or gradient clipping)"
                + " and embed again";
    }
}

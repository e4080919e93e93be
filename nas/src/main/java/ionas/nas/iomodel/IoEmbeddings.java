package ionas.nas.iomodel;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.Progress;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.space.GraphLayout;
import ionas.nn.io.SafeTensors;
import ionas.nn.layers.Linear;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Embeddings of the whole space from a semi-supervised run, after a chosen epoch (the paper
 * searches with the features after 10 and after 30 epochs; spec A.5):
 * <ul>
 *   <li>{@link Kind#MODEL}: the extended model's VAE, as arch2vec embeds (mean over the 7 nodes of mu);</li>
 *   <li>{@link Kind#REFERENCE}: the plain arch2vec trained on the same batches, the same way;</li>
 *   <li>{@link Kind#IO}: the extended model's graph branch, {@code Linear(112 -> 16)} (the paper's sizes) of the
 *       flattened mu without the ReLU, as info-NAS's {@code extract_infonas_embedding.py}.</li>
 * </ul>
 */
public final class IoEmbeddings {
    private IoEmbeddings() {}

    public enum Kind { MODEL, REFERENCE, IO }

    private static final int CHUNK = 1000;

    /** The snapshot file of {@code epoch} in a run folder. */
    public static Path snapshot(Path runDir, int epoch) {
        return runDir.resolve(SemiSupervisedTrainer.EPOCHS).resolve(String.format(Locale.ROOT, "epoch-%03d.safetensors", epoch));
    }

    /** The embeddings of every cell of {@code cells} (hashes in the same order), telling {@code progress} the cells done. */
    public static Arch2VecEmbeddings compute(Path runDir, int epoch, Kind kind, Arch2VecDataset cells, List<String> hashes, Progress progress)
            throws IOException {
        Path file = snapshot(runDir, epoch);
        if (!Files.exists(file)) throw new IOException("no snapshot of epoch " + epoch + " in " + runDir + " (" + file + " is missing)");
        Map<String, NDArray> state = SafeTensors.read(file).floatTensors(file);
        GraphLayout layout = cells.layout();
        Arch2Vec vae = Arch2Vec.standard(layout, new Generator(0), new Generator(0)); // its weights are loaded below
        vae.loadStateDict(withPrefix(state, kind == Kind.REFERENCE ? "ref." : "io.vae.", file), true);
        vae.eval();
        if (kind != Kind.IO) return Arch2VecEmbeddings.compute(vae, cells, hashes, Arch2VecEmbeddings.Pooling.MEAN, progress);

        Map<String, NDArray> branch = withPrefix(state, "io.latent.", file);
        int dim = branch.get("weight").shape()[0]; // the graph vector's size, as the run was configured
        Linear latent = new Linear(layout.nodes() * Arch2Vec.LATENT, dim, new Generator(0));
        latent.loadStateDict(branch, true);
        int n = cells.size();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        float[] out = new float[n * dim];
        try (var scope = Autograd.noGrad(); Progress.Task task = progress.start("embeddings", n, "cells")) {
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                NDArray[] x = cells.batch(all, from, to);
                Tensor mu = vae.encode(Tensor.of(x[0]), Tensor.of(Arch2Vec.symmetrise(x[1]))).mu();
                float[] e = latent.forward(mu.reshape(to - from, -1)).data().toFloatArray();
                System.arraycopy(e, 0, out, from * dim, e.length);
                task.step(to - from);
            }
        }
        return new Arch2VecEmbeddings(hashes, out, dim);
    }

    private static Map<String, NDArray> withPrefix(Map<String, NDArray> state, String prefix, Path file) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        if (out.isEmpty()) throw new IOException(file + " holds no '" + prefix + "*' weights (was the run trained without a reference?)");
        return out;
    }
}

package ionas.nn.io;

import ionas.nn.Module;
import ionas.nn.optim.Optimizer;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint in one safetensors file: the model's state dict under its own names
 * (so PyTorch can load the weights with {@code load_file} and strip nothing), the optimiser's state
 * under {@code optimizer.}, and string metadata such as the epoch. Written atomically.
 */
public final class Checkpoint {
    private Checkpoint() {}

    private static final String OPTIMIZER = "optimizer.";

    public static void save(Path path, Module model, Optimizer optimizer, Map<String, String> metadata) throws IOException {
        Map<String, NDArray> all = new LinkedHashMap<>(model.stateDict());
        if (optimizer != null) optimizer.stateDict().forEach((k, v) -> all.put(OPTIMIZER + k, v));
        SafeTensors.write(path, all, metadata);
    }

    /** Loads the model (strictly: every name must match) and, if given, the optimiser; returns the metadata. */
    public static Map<String, String> load(Path path, Module model, Optimizer optimizer) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(path);
        Map<String, NDArray> modelState = new LinkedHashMap<>(), optState = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> {
            if (k.startsWith(OPTIMIZER)) optState.put(k.substring(OPTIMIZER.length()), v);
            else modelState.put(k, v);
        });
        try {
            model.loadStateDict(modelState, true);
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + path + " does not fit the model: " + e.getMessage(), e);
        }
        if (optimizer != null) optimizer.loadStateDict(optState);
        return c.metadata();
    }
}

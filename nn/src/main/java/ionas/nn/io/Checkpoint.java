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
        save(path, model, optimizer == null ? Map.of() : Map.of("", optimizer), metadata);
    }

    /** Loads the model (strictly: every name must match) and, if given, the optimiser; returns the metadata. */
    public static Map<String, String> load(Path path, Module model, Optimizer optimizer) throws IOException {
        return load(path, model, optimizer == null ? Map.of() : Map.of("", optimizer));
    }

    /** Loads only the model (any optimiser state in the file is ignored); returns the metadata. */
    public static Map<String, String> load(Path path, Module model) throws IOException {
        return load(path, model, Map.<String, Optimizer>of());
    }

    /**
     * Saves a model with several optimisers (e.g. two Adams over shared weights), each one's state
     * under {@code optimizer.<name>.}; the name {@code ""} means plain {@code optimizer.}.
     */
    public static void save(Path path, Module model, Map<String, Optimizer> optimizers, Map<String, String> metadata) throws IOException {
        Map<String, NDArray> all = new LinkedHashMap<>(model.stateDict());
        optimizers.forEach((name, opt) -> opt.stateDict().forEach((k, v) -> all.put(prefix(name) + k, v)));
        SafeTensors.write(path, all, metadata);
    }

    /** Loads what {@link #save(Path, Module, Map, Map)} wrote; every named optimiser gets its state. */
    public static Map<String, String> load(Path path, Module model, Map<String, Optimizer> optimizers) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(path);
        Map<String, NDArray> modelState = new LinkedHashMap<>();
        Map<String, Map<String, NDArray>> optStates = new LinkedHashMap<>();
        optimizers.keySet().forEach(n -> optStates.put(n, new LinkedHashMap<>()));
        c.floatTensors(path).forEach((k, v) -> {
            if (!k.startsWith(OPTIMIZER)) {
                modelState.put(k, v);
                return;
            }
            for (String name : optimizers.keySet()) {
                String p = prefix(name);
                // "optimizer." also prefixes every named state; a named optimiser claims its own keys
                if (k.startsWith(p) && (!name.isEmpty() || optimizers.size() == 1)) {
                    optStates.get(name).put(k.substring(p.length()), v);
                    return;
                }
            }
        });
        try {
            model.loadStateDict(modelState, true);
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + path + " does not fit the model: " + e.getMessage(), e);
        }
        for (var e : optimizers.entrySet()) {
            try {
                e.getValue().loadStateDict(optStates.get(e.getKey()));
            } catch (IllegalArgumentException ex) {
                throw new IOException("checkpoint " + path + ": optimizer '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
        }
        return c.metadata();
    }

    private static String prefix(String name) {
        return name.isEmpty() ? OPTIMIZER : OPTIMIZER + name + ".";
    }
}

package ionas.nas.training;

import ionas.nn.Module;
import ionas.nn.optim.Optimizer;
import ionas.tensor.Generator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint holds, so that a killed run can go on as if it had never stopped: the weights
 * and buffers of the model, the state of its optimisers, and how far each random generator of the
 * training (reparameterisation and dropout noise) has run.
 *
 * @param model one root module (a trainer with two models puts them under one)
 * @param optimizers by name, in the order their state is stored; a trainer's only optimiser is named
 *     {@code ""} and stored under {@code optimizer.}
 * @param generators by the checkpoint metadata key that records the offset, e.g. {@code noise_offset}
 */
public record TrainingState(Module model, Map<String, Optimizer> optimizers, Map<String, Generator> generators) {
    public TrainingState {
        // the order of the optimisers is the order of their tensors in the file, so keep it
        optimizers = Collections.unmodifiableMap(new LinkedHashMap<>(optimizers));
        generators = Collections.unmodifiableMap(new LinkedHashMap<>(generators));
    }

    /** A model with one optimiser and no generator to restore. */
    public static TrainingState of(Module model, Optimizer optimizer) {
        return new TrainingState(model, Map.of("", optimizer), Map.of());
    }
}

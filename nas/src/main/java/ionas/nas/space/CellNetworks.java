package ionas.nas.space;

import ionas.tensor.Generator;

/**
 * The image classifier a space builds around a cell, as its benchmark trains it (pretraining
 * trains it on CIFAR-10; the IO dataset runs it).
 *
 * @param <C> the space's cell type
 */
@FunctionalInterface
public interface CellNetworks<C> {
    /** The network of {@code cell} in {@code shape} with {@code classes} outputs, its weights drawn from {@code init}. */
    CellNetwork network(C cell, NetworkShape shape, int classes, Generator init);
}

package ionas.nas.proxies;

import ionas.nn.Layer;
import ionas.nn.LayerHook;
import ionas.nn.Module;
import ionas.nn.Parameter;
import ionas.nn.layers.Conv2d;
import ionas.nn.layers.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a network that the proxies read, in PyTorch's {@code modules()} order (depth
 * first, parents before children, children in registration order).
 */
final class NetworkLayers {
    private NetworkLayers() {}

    /** Every module of {@code kind} under {@code root} (root included). */
    static <T extends Module> List<T> of(Module root, Class<T> kind) {
        List<T> found = new ArrayList<>();
        collect(root, kind, found);
        return found;
    }

    private static <T extends Module> void collect(Module m, Class<T> kind, List<T> found) {
        if (kind.isInstance(m)) found.add(kind.cast(m));
        for (Module c : m.children().values()) collect(c, kind, found);
    }

    /** The convolutions and dense layers: what zero-cost-nas scores ({@code get_layer_metric_array}). */
    static List<Layer> weighted(Module root) {
        return of(root, Layer.class).stream().filter(l -> l instanceof Conv2d || l instanceof Linear).toList();
    }

    /** The weight of a convolution or dense layer. */
    static Parameter weight(Layer layer) {
        return switch (layer) {
            case Conv2d c -> c.weight;
            case Linear l -> l.weight;
            default -> throw new IllegalArgumentException("not a convolution or dense layer: " + layer.getClass().getSimpleName());
        };
    }

    /** Every weight of {@link #weighted}. */
    static List<Parameter> weights(Module root) {
        return weighted(root).stream().map(NetworkLayers::weight).toList();
    }

    /** {@code hook} on every one of {@code layers}, all removed when the result is closed. */
    static LayerHook.Registration hookAll(List<? extends Layer> layers, LayerHook hook) {
        List<LayerHook.Registration> all = new ArrayList<>();
        for (Layer l : layers) all.add(l.addHook(hook));
        return () -> all.forEach(LayerHook.Registration::close);
    }
}

package ionas.autograd;

import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import ionas.tensor.Storage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reverse-mode differentiation: the whole of {@code backward()} and {@link Autograd#grad}. */
final class Engine {
    private Engine() {}

    /** Checks that {@code root} can start a backward pass with {@code gradient}. */
    static void checkRoot(String what, Tensor root, Tensor gradient) {
        if (!root.requiresGrad())
            throw new IllegalStateException(what + " on a tensor that does not require a gradient: no input called requiresGrad(true)"
                    + (Autograd.isGradEnabled() ? "" : " (or it was made inside Autograd.noGrad())"));
        if (!gradient.data().sameShape(root.data()))
            throw new IllegalArgumentException(what + ": gradient " + Shapes.str(gradient.shape()) + " for a tensor " + Shapes.str(root.shape()));
    }

    /**
     * Back-propagates each {@code seeds[i]} from {@code roots[i]}. With {@code wrt} null, every leaf
     * (and every tensor that asked for {@code retainGrad()}) adds its gradient into its
     * {@code grad()}; otherwise nothing's {@code grad()} changes and the gradients of {@code wrt}
     * are returned, in order (null for one that no root depends on), and only the ops between the
     * roots and {@code wrt} run.
     */
    static Tensor[] run(List<Tensor> roots, List<Tensor> seeds, List<Tensor> wrt, BackwardMode mode) {
        boolean createGraph = mode.createsGraph();
        // 1. order the graph so that every tensor comes after all the tensors it was made from
        List<Tensor> order = topologicalOrder(roots);
        Map<Tensor, Integer> wanted = wrt == null ? null : indexOf(wrt);
        Set<Tensor> needed = wanted == null ? null : leadingTo(order, wanted);
        Tensor[] results = wrt == null ? null : new Tensor[wrt.size()];

        // 2. walk it backwards, applying the chain rule one op at a time; an ordinary pass records
        // nothing and returns memory as it goes, one that creates a graph keeps all it makes, since
        // the new graph saves it
        PendingGrads grads = new PendingGrads();
        for (int i = 0; i < roots.size(); i++) grads.add(roots.get(i), seeds.get(i), new ArrayList<>());
        boolean anomaly = Autograd.isAnomalyDetectionEnabled();
        try (var scope = createGraph ? Autograd.enableGrad() : Autograd.noGrad();
             MemoryScope made = createGraph ? null : MemoryScope.open()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) continue;
                if (t.hasHooks()) {
                    keep(made, g.data()); // a hook may hold on to the gradient it is given
                    NDArray replaced = t.runHooks(g.data());
                    if (replaced != g.data()) g = Tensor.of(replaced);
                    keep(made, g.data());
                }
                if (wanted != null) {
                    Integer k = wanted.get(t);
                    if (k != null) {
                        results[k] = g;
                        keep(made, g.data()); // the caller's, not backward's
                    }
                } else if (t.isLeaf() || t.retainsGrad()) {
                    if (createGraph) t.accumulateGradWithGraph(g);
                    // a first gradient that backward made and nothing else shares becomes .grad
                    // itself; any other is copied (it may be a view of another tensor's gradient)
                    else if (t.grad() == null && grads.exclusive(g.data(), made)) t.takeGrad(g.data());
                    else t.accumulateGrad(g.data());
                    keep(made, t.grad());
                }
                Op op = t.gradFn();
                if (op == null || (needed != null && !anyNeeded(op.inputsUncopied(), needed))) {
                    grads.releaseIfDead(g.data(), made);
                    continue;
                }
                if (op.isReleased()) {
                    throw new IllegalStateException("backward through " + op.name() + " a second time: its saved tensors "
                            + "were freed after the first backward; pass retainGraph=true to the first call");
                }
                Tensor[] inputGrads = backwardOf(op, g, made);
                if (anomaly) Anomaly.checkBackward(op, g.data(), inputGrads);
                Tensor[] inputs = op.inputsUncopied();
                // what may have died here; released only once every input's gradient is pending,
                // since an op may hand one array (or views of it) to several inputs
                List<NDArray> passed = new ArrayList<>(List.of(g.data()));
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    if (!in.requiresGrad() || inputGrads[k] == null || (needed != null && !needed.contains(in))) continue;
                    Tensor gk = sumToShape(inputGrads[k], in.shape(), op);
                    passed.add(inputGrads[k].data());
                    grads.add(in, gk, passed); // += : a tensor used twice gets both contributions
                }
                for (NDArray a : passed) grads.releaseIfDead(a, made);
                if (!mode.retainsGraph()) op.release();
            }
        }
        if (results != null) for (int i = 0; i < results.length; i++) results[i] = results[wanted.get(wrt.get(i))]; // repeats
        return results;
    }

    private static void keep(MemoryScope made, NDArray a) {
        if (made != null) made.keep(a);
    }

    /** One op's backward; the temporaries it made go back when it returns, its gradients stay. */
    private static Tensor[] backwardOf(Op op, Tensor g, MemoryScope made) {
        if (Autograd.isAnomalyDetectionEnabled()) {
            try (var marked = Autograd.inBackward()) {
                return backwardKeepingGradients(op, g, made);
            }
        }
        return backwardKeepingGradients(op, g, made);
    }

    private static Tensor[] backwardKeepingGradients(Op op, Tensor g, MemoryScope made) {
        if (made == null) return op.backward(g); // the new graph may have saved any of them
        try (MemoryScope temporaries = MemoryScope.open()) {
            Tensor[] inputGrads = op.backward(g);
            for (Tensor x : inputGrads) if (x != null) temporaries.keep(x.data());
            return inputGrads;
        }
    }

    private static Map<Tensor, Integer> indexOf(List<Tensor> tensors) {
        Map<Tensor, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < tensors.size(); i++) index.putIfAbsent(tensors.get(i), i);
        return index;
    }

    /** The tensors of {@code order} from which some wanted tensor can be reached (the wanted ones included). */
    private static Set<Tensor> leadingTo(List<Tensor> order, Map<Tensor, Integer> wanted) {
        Set<Tensor> needed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : order) { // inputs come before the tensors made from them
            if (wanted.containsKey(t) || (t.gradFn() != null && anyNeeded(t.gradFn().inputsUncopied(), needed))) needed.add(t);
        }
        return needed;
    }

    private static boolean anyNeeded(Tensor[] inputs, Set<Tensor> needed) {
        for (Tensor in : inputs) if (needed.contains(in)) return true;
        return false;
    }

    /**
     * The gradients not yet passed on, and how many of them share each storage (an op may pass
     * its output's gradient, or a view of it, to several inputs). A gradient's device memory goes
     * back as soon as no pending gradient uses its storage, rather than at the end of the step:
     * that is what keeps the peak of a backward pass near the forward's. Only storages made
     * during this backward pass can go (those of the {@link MemoryScope} {@code made}, absent when
     * the pass creates a graph): the seed, saved activations and anything else made before are
     * never touched.
     */
    private static final class PendingGrads {
        private final Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        private final Map<Storage, Integer> uses = new IdentityHashMap<>();

        private void put(Tensor t, Tensor g) {
            grads.put(t, g);
            uses.merge(g.data().storage(), 1, Integer::sum);
        }

        Tensor remove(Tensor t) {
            Tensor g = grads.remove(t);
            if (g != null) uses.computeIfPresent(g.data().storage(), (s, n) -> n == 1 ? null : n - 1);
            return g;
        }

        /** Adds {@code g} to {@code t}'s pending gradient; the two summands, added to {@code passed}, die unless shared. */
        void add(Tensor t, Tensor g, List<NDArray> passed) {
            Tensor old = remove(t);
            if (old == null) {
                put(t, g);
                return;
            }
            put(t, old.add(g));
            passed.add(old.data());
            passed.add(g.data());
        }

        /** Whether {@code g} is a whole array that backward made and no pending gradient shares. */
        boolean exclusive(NDArray g, MemoryScope made) {
            return made.holds(g) && !uses.containsKey(g.storage()) && g.isContiguous() && g.offset() == 0
                    && g.numel() == g.storage().size();
        }

        void releaseIfDead(NDArray g, MemoryScope made) {
            if (made != null && !uses.containsKey(g.storage())) made.releaseNow(g);
        }
    }

    /** Iterative depth-first post-order from every root, so that deep graphs cannot overflow the stack. */
    static List<Tensor> topologicalOrder(List<Tensor> roots) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>(); // which input of the tensor on top to visit next
        Tensor[] none = {};
        for (Tensor root : roots) {
            if (visited.putIfAbsent(root, true) != null) continue;
            stack.push(root);
            next.push(0);
            while (!stack.isEmpty()) {
                Tensor t = stack.peek();
                int k = next.pop();
                Tensor[] inputs = t.gradFn() == null ? none : t.gradFn().inputsUncopied();
                if (k < inputs.length) {
                    next.push(k + 1);
                    Tensor in = inputs[k];
                    if (in.requiresGrad() && visited.putIfAbsent(in, true) == null) {
                        stack.push(in);
                        next.push(0);
                    }
                } else {
                    stack.pop();
                    order.add(t);
                }
            }
        }
        return order;
    }

    /**
     * Sums a gradient of a broadcast shape back to the shape of the input that was broadcast: over
     * the leading dimensions the input did not have, and over those where it had size 1. This is
     * the only place that knows about broadcasting in backward.
     */
    static Tensor sumToShape(Tensor g, int[] shape, Op op) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        if (lead < 0) {
            throw new IllegalStateException(op.name() + ".backward returned a gradient of shape " + Shapes.str(gs)
                    + " for an input of shape " + Shapes.str(shape));
        }
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) dims.add(i);
            else if (shape[i - lead] != gs[i]) {
                throw new IllegalStateException(op.name() + ".backward returned a gradient of shape " + Shapes.str(gs)
                        + " for an input of shape " + Shapes.str(shape));
            }
        }
        Tensor summed = dims.isEmpty() ? g : g.sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
        return summed.reshape(shape);
    }
}

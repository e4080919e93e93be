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

/** Reverse-mode differentiation: the whole of {@code backward()}. */
final class Engine {
    private Engine() {}

    static void backward(Tensor root, NDArray seed, boolean retainGraph) {
        // 1. order the graph so that every tensor comes after all the tensors it was made from
        List<Tensor> order = topologicalOrder(root);

        // 2. walk it backwards, applying the chain rule one op at a time
        PendingGrads grads = new PendingGrads();
        grads.put(root, seed);
        boolean anomaly = Autograd.isAnomalyDetectionEnabled();
        try (var scope = Autograd.noGrad(); MemoryScope made = MemoryScope.open()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                NDArray g = grads.remove(t);
                if (g == null) continue;
                if (t.hasHooks()) {
                    made.keep(g); // a hook may hold on to the gradient it is given
                    g = t.runHooks(g);
                    made.keep(g);
                }
                if (t.isLeaf() || t.retainsGrad()) {
                    // a first gradient that backward made and nothing else shares becomes .grad
                    // itself; any other is copied (it may be a view of another tensor's gradient)
                    if (t.grad() == null && grads.exclusive(g, made)) t.takeGrad(g);
                    else t.accumulateGrad(g);
                    made.keep(t.grad()); // the caller's, not backward's
                }
                Op op = t.gradFn();
                if (op == null) {
                    grads.releaseIfDead(g, made);
                    continue;
                }
                if (op.isReleased()) {
                    throw new IllegalStateException("backward through " + op.name() + " a second time: its saved tensors "
                            + "were freed after the first backward; pass retainGraph=true to the first call");
                }
                NDArray[] inputGrads = backwardOf(op, g);
                if (anomaly) Anomaly.checkBackward(op, g, inputGrads);
                Tensor[] inputs = op.inputs();
                // what may have died here; released only once every input's gradient is pending,
                // since an op may hand one array (or views of it) to several inputs
                List<NDArray> passed = new ArrayList<>(List.of(g));
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    if (!in.requiresGrad() || inputGrads[k] == null) continue;
                    NDArray gk = sumToShape(inputGrads[k], in.shape(), op);
                    passed.add(inputGrads[k]);
                    grads.add(in, gk, passed); // += : a tensor used twice gets both contributions
                }
                for (NDArray a : passed) grads.releaseIfDead(a, made);
                if (!retainGraph) op.release();
            }
        }
    }

    /** One op's backward; the temporaries it made go back when it returns, its gradients stay. */
    private static NDArray[] backwardOf(Op op, NDArray g) {
        try (MemoryScope temporaries = MemoryScope.open()) {
            NDArray[] inputGrads = op.backward(g);
            temporaries.keep(Arrays.asList(inputGrads));
            return inputGrads;
        }
    }

    /**
     * The gradients not yet passed on, and how many of them share each storage (an op may pass
     * its output's gradient, or a view of it, to several inputs). A gradient's device memory goes
     * back as soon as no pending gradient uses its storage, rather than at the end of the step:
     * that is what keeps the peak of a backward pass near the forward's. Only storages made
     * during this backward pass can go (those of the {@link MemoryScope} {@code made}): the seed,
     * saved activations and anything else made before are never touched.
     */
    private static final class PendingGrads {
        private final Map<Tensor, NDArray> grads = new IdentityHashMap<>();
        private final Map<Storage, Integer> uses = new IdentityHashMap<>();

        void put(Tensor t, NDArray g) {
            grads.put(t, g);
            uses.merge(g.storage(), 1, Integer::sum);
        }

        NDArray remove(Tensor t) {
            NDArray g = grads.remove(t);
            if (g != null) uses.computeIfPresent(g.storage(), (s, n) -> n == 1 ? null : n - 1);
            return g;
        }

        /** Adds {@code g} to {@code t}'s pending gradient; the two summands, added to {@code passed}, die unless shared. */
        void add(Tensor t, NDArray g, List<NDArray> passed) {
            NDArray old = remove(t);
            if (old == null) {
                put(t, g);
                return;
            }
            put(t, old.add(g));
            passed.add(old);
            passed.add(g);
        }

        /** Whether {@code g} is a whole array that backward made and no pending gradient shares. */
        boolean exclusive(NDArray g, MemoryScope made) {
            return made.holds(g) && !uses.containsKey(g.storage()) && g.isContiguous() && g.offset() == 0
                    && g.numel() == g.storage().size();
        }

        void releaseIfDead(NDArray g, MemoryScope made) {
            if (!uses.containsKey(g.storage())) made.releaseNow(g);
        }
    }

    /** Iterative depth-first post-order, so that deep graphs cannot overflow the stack. */
    static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>(); // which input of the tensor on top to visit next
        stack.push(root);
        next.push(0);
        visited.put(root, true);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int k = next.pop();
            Tensor[] inputs = t.gradFn() == null ? new Tensor[0] : t.gradFn().inputs();
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
        return order;
    }

    /**
     * Sums a gradient of a broadcast shape back to the shape of the input that was broadcast: over
     * the leading dimensions the input did not have, and over those where it had size 1. This is
     * the only place that knows about broadcasting in backward.
     */
    static NDArray sumToShape(NDArray g, int[] shape, Op op) {
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
        NDArray summed = dims.isEmpty() ? g : g.sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
        return summed.reshape(shape);
    }
}

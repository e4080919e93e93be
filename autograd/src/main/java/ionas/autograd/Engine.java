package ionas.autograd;

import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
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
        Map<Tensor, NDArray> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        boolean anomaly = Autograd.isAnomalyDetectionEnabled();
        try (var scope = Autograd.noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                NDArray g = grads.remove(t);
                if (g == null) continue;
                g = t.runHooks(g);
                if (t.isLeaf() || t.retainsGrad()) t.accumulateGrad(g);
                Op op = t.gradFn();
                if (op == null) continue;
                if (op.isReleased()) {
                    throw new IllegalStateException("backward through " + op.name() + " a second time: its saved tensors "
                            + "were freed after the first backward; pass retainGraph=true to the first call");
                }
                NDArray[] inputGrads = op.backward(g);
                if (anomaly) Anomaly.checkBackward(op, g, inputGrads);
                Tensor[] inputs = op.inputs();
                for (int k = 0; k < inputs.length; k++) {
                    Tensor in = inputs[k];
                    if (!in.requiresGrad() || inputGrads[k] == null) continue;
                    NDArray gk = sumToShape(inputGrads[k], in.shape(), op);
                    grads.merge(in, gk, NDArray::add); // += : a tensor used twice gets both contributions
                }
                if (!retainGraph) op.release();
            }
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

package ionas.nn.optim;

import ionas.nn.Parameter;
import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's update rule (dampening 0, no Nesterov):
 * g = grad + wd * w;  v = momentum * v + g (v = g on the first step);  w -= lr * v.
 */
public final class SGD extends Optimizer {
    private final double momentum, weightDecay;
    private final List<NDArray> velocity;

    public SGD(List<Parameter> params, double lr, double momentum, double weightDecay) {
        super(params, lr);
        if (momentum < 0 || weightDecay < 0) throw new IllegalArgumentException("SGD: momentum and weight decay must be >= 0");
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        velocity = new ArrayList<>(Collections.nCopies(params.size(), null));
    }

    @Override
    protected void updateFused(int[] indices) {
        // one pass instead of five temporaries (one launch for all on a GPU); the same float operations in the same order
        List<NDArray> w = new ArrayList<>(), grads = new ArrayList<>(), v = momentum != 0 ? new ArrayList<>() : null;
        boolean[] first = new boolean[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            NDArray wi = params.get(i).data();
            first[k] = momentum != 0 && velocity.get(i) == null;
            if (first[k]) velocity.set(i, NDArray.zeros(wi.dtype(), wi.device(), wi.shape()));
            w.add(wi);
            grads.add(params.get(i).grad().contiguous());
            if (v != null) v.add(velocity.get(i));
        }
        fusedUpdates(w.get(0)).sgdSteps(w, grads, v, first, (float) lr(), (float) momentum, (float) weightDecay);
    }

    @Override
    protected void update(int i, NDArray w, NDArray grad) {
        NDArray g = weightDecay != 0 ? grad.add(w.mul(weightDecay)) : grad;
        if (momentum != 0) {
            NDArray v = velocity.get(i);
            v = v == null ? g.copy() : v.mul(momentum).add(g);
            velocity.set(i, v);
            g = v;
        }
        w.copy_(w.sub(g.mul(lr())));
    }

    @Override
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = newState();
        putAll(out, "momentum_buffer", velocity);
        return out;
    }

    @Override
    public void loadStateDict(Map<String, NDArray> state) {
        List<NDArray> v = readAll(state, "momentum_buffer", params.size());
        for (int i = 0; i < v.size(); i++) velocity.set(i, v.get(i));
    }
}

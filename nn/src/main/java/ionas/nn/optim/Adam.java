package ionas.nn.optim;

import ionas.nn.Parameter;
import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba) with PyTorch's update rule, weight decay added to the gradient (L2, not
 * AdamW):  m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;
 * w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
 */
public final class Adam extends Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final List<NDArray> m, v;
    private final int[] steps;

    /** PyTorch's defaults, which arch2vec and info-NAS train with: {@code torch.optim.Adam(params, lr)}. */
    public static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    /** Adam with PyTorch's defaults: betas {@value #BETA1} and {@value #BETA2}, eps {@value #EPS}, no weight decay. */
    public Adam(List<Parameter> params, double lr) {
        this(params, lr, BETA1, BETA2, EPS, 0);
    }

    public Adam(List<Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr);
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1)
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        m = new ArrayList<>(Collections.nCopies(params.size(), null));
        v = new ArrayList<>(Collections.nCopies(params.size(), null));
        steps = new int[params.size()];
    }

    @Override
    protected void updateFused(int[] indices) {
        // one pass instead of a dozen temporaries (one launch for all on a GPU); the same float operations in the same order
        List<NDArray> w = new ArrayList<>(), grads = new ArrayList<>(), mm = new ArrayList<>(), vv = new ArrayList<>();
        float[] c2s = new float[indices.length], stepSizes = new float[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            NDArray wi = params.get(i).data();
            int t = ++steps[i];
            if (m.get(i) == null) {
                m.set(i, NDArray.zeros(wi.dtype(), wi.device(), wi.shape()));
                v.set(i, NDArray.zeros(wi.dtype(), wi.device(), wi.shape()));
            }
            double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
            c2s[k] = (float) c2;
            stepSizes[k] = (float) (lr() / c1);
            w.add(wi);
            grads.add(params.get(i).grad().contiguous());
            mm.add(m.get(i));
            vv.add(v.get(i));
        }
        fusedUpdates(w.get(0)).adamSteps(w, grads, mm, vv, (float) beta1, (float) (1 - beta1), (float) beta2, (float) (1 - beta2),
                (float) eps, (float) weightDecay, c2s, stepSizes);
    }

    @Override
    protected void update(int i, NDArray w, NDArray grad) {
        NDArray g = weightDecay != 0 ? grad.add(w.mul(weightDecay)) : grad;
        int t = ++steps[i];
        NDArray mi = m.get(i) == null ? g.mul(1 - beta1) : m.get(i).mul(beta1).add(g.mul(1 - beta1));
        NDArray vi = v.get(i) == null ? g.square().mul(1 - beta2) : v.get(i).mul(beta2).add(g.square().mul(1 - beta2));
        m.set(i, mi);
        v.set(i, vi);
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
        NDArray denom = vi.div(c2).sqrt().add(eps);
        w.copy_(w.sub(mi.div(denom).mul(lr() / c1)));
    }

    @Override
    public Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = newState();
        putAll(out, "exp_avg", m);
        putAll(out, "exp_avg_sq", v);
        float[] s = new float[steps.length];
        for (int i = 0; i < s.length; i++) s[i] = steps[i];
        out.put("step", NDArray.of(s, s.length));
        return out;
    }

    @Override
    public void loadStateDict(Map<String, NDArray> state) {
        List<NDArray> mm = readAll(state, "exp_avg", params.size()), vv = readAll(state, "exp_avg_sq", params.size());
        for (int i = 0; i < params.size(); i++) {
            m.set(i, mm.get(i));
            v.set(i, vv.get(i));
        }
        NDArray s = state.get("step");
        if (s != null) {
            float[] f = s.toFloatArray();
            for (int i = 0; i < Math.min(f.length, steps.length); i++) steps[i] = (int) f[i];
        }
    }
}

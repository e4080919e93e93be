package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimiser updates over contiguous float32 arrays: one pass per parameter instead of the
 * half-dozen temporary arrays the composed version makes. The arithmetic is the composed
 * version's, op by op, each rounded to float, in the same order as {@code optim.cu} (Java never
 * contracts {@code a * b + c} into a fused multiply-add), so CPU, CUDA and the composed NDArray
 * update agree bit for bit. The scalars are the float roundings of the doubles the optimisers
 * use, as NDArray rounds a scalar operand. The vector lanes do the same operations one by one
 * (a float square root rounds as the double one rounded to float), so an element's bits do not
 * depend on whether it falls in a lane or in the tail.
 */
public final class OptimizerKernels {
    private OptimizerKernels() {}

    private static final VectorSpecies<Float> S = VectorSupport.FLOAT;

    /**
     * PyTorch's SGD (dampening 0, no Nesterov), in place on {@code w[wo..wo+n)} and, with momentum,
     * {@code v[vo..)}: {@code g = grad + w * wd}; {@code v = first ? g : v * momentum + g};
     * {@code w = w - v * lr} (or {@code g * lr} without momentum).
     */
    public static void sgd(float[] w, int wo, float[] grad, int go, float[] v, int vo, int n, float lr, float momentum, float wd,
                           boolean first) {
        int i = 0;
        if (VectorSupport.ENABLED) {
            FloatVector vlr = FloatVector.broadcast(S, lr), vm = FloatVector.broadcast(S, momentum), vwd = FloatVector.broadcast(S, wd);
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector wi = FloatVector.fromArray(S, w, wo + i);
                FloatVector g = FloatVector.fromArray(S, grad, go + i);
                if (wd != 0f) g = g.add(wi.mul(vwd));
                if (momentum != 0f) {
                    FloatVector vi = first ? g : FloatVector.fromArray(S, v, vo + i).mul(vm).add(g);
                    vi.intoArray(v, vo + i);
                    g = vi;
                }
                wi.sub(g.mul(vlr)).intoArray(w, wo + i);
            }
        }
        for (; i < n; i++) {
            float wi = w[wo + i];
            float g = wd != 0f ? grad[go + i] + wi * wd : grad[go + i];
            if (momentum != 0f) {
                float vi = first ? g : v[vo + i] * momentum + g;
                v[vo + i] = vi;
                g = vi;
            }
            w[wo + i] = wi - g * lr;
        }
    }

    /**
     * PyTorch's Adam with L2 weight decay, in place on {@code w, m, v}: {@code g = grad + w * wd};
     * {@code m = m * b1 + g * oneMinusB1}; {@code v = v * b2 + (g * g) * oneMinusB2};
     * {@code w = w - (m / (sqrt(v / c2) + eps)) * stepSize} with {@code c2 = 1 - b2^t} and
     * {@code stepSize = lr / (1 - b1^t)}. Zeroed {@code m, v} give the first step exactly.
     */
    public static void adam(float[] w, int wo, float[] grad, int go, float[] m, int mo, float[] v, int vo, int n, float b1, float oneMinusB1,
                            float b2, float oneMinusB2, float eps, float wd, float c2, float stepSize) {
        int i = 0;
        if (VectorSupport.ENABLED) {
            FloatVector vb1 = FloatVector.broadcast(S, b1), v1b1 = FloatVector.broadcast(S, oneMinusB1);
            FloatVector vb2 = FloatVector.broadcast(S, b2), v1b2 = FloatVector.broadcast(S, oneMinusB2);
            FloatVector veps = FloatVector.broadcast(S, eps), vwd = FloatVector.broadcast(S, wd);
            FloatVector vc2 = FloatVector.broadcast(S, c2), vstep = FloatVector.broadcast(S, stepSize);
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector wi = FloatVector.fromArray(S, w, wo + i);
                FloatVector g = FloatVector.fromArray(S, grad, go + i);
                if (wd != 0f) g = g.add(wi.mul(vwd));
                FloatVector mi = FloatVector.fromArray(S, m, mo + i).mul(vb1).add(g.mul(v1b1));
                FloatVector vi = FloatVector.fromArray(S, v, vo + i).mul(vb2).add(g.mul(g).mul(v1b2));
                mi.intoArray(m, mo + i);
                vi.intoArray(v, vo + i);
                FloatVector denom = vi.div(vc2).sqrt().add(veps);
                wi.sub(mi.div(denom).mul(vstep)).intoArray(w, wo + i);
            }
        }
        for (; i < n; i++) {
            float wi = w[wo + i];
            float g = wd != 0f ? grad[go + i] + wi * wd : grad[go + i];
            float mi = m[mo + i] * b1 + g * oneMinusB1;
            float vi = v[vo + i] * b2 + (g * g) * oneMinusB2;
            m[mo + i] = mi;
            v[vo + i] = vi;
            float denom = (float) Math.sqrt(vi / c2) + eps;
            w[wo + i] = wi - (mi / denom) * stepSize;
        }
    }
}

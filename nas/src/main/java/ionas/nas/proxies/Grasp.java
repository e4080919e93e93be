package ionas.nas.proxies;

import ionas.autograd.Autograd;
import ionas.autograd.BackwardMode;
import ionas.autograd.Tensor;
import ionas.nas.space.CellNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code grasp} (Wang et al. 2020): the sum of -w (H g) over the weights w of the convolutions and
 * the dense layer, where g is the loss's gradient with respect to those weights and H its Hessian
 * (zero-cost-nas {@code grasp.py}, which negates GraSP's score because accuracy correlates with the
 * negation). H g is the gradient of g_const . g, a second derivative through ionas's
 * {@link BackwardMode#CREATE_GRAPH}. zero-cost-nas runs the minibatch twice (once for g, once for
 * the graph of g); in training mode both passes give the same values, so one pass serves both here.
 */
public final class Grasp implements ZeroCostProxy {
    @Override
    public String name() {
        return "grasp";
    }

    @Override
    public double score(ProxyInput input) {
        CellNetwork net = input.network().get();
        List<Tensor> weights = new ArrayList<>(NetworkLayers.weights(net));
        List<Tensor> g = Autograd.grad(input.loss(net), weights, BackwardMode.CREATE_GRAPH);
        Tensor z = null;
        for (Tensor gi : g) {
            Tensor term = gi.mul(gi.detach()).sum();
            z = z == null ? term : z.add(term);
        }
        List<Tensor> hg = Autograd.grad(z, weights, BackwardMode.FREE_GRAPH);
        double total = 0;
        for (int i = 0; i < weights.size(); i++) {
            double[] w = weights.get(i).data().toDoubleArray(), h = hg.get(i).data().toDoubleArray();
            for (int j = 0; j < w.length; j++) total -= w[j] * h[j];
        }
        return total;
    }
}

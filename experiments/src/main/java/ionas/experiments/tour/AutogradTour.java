package ionas.experiments.tour;

import ionas.autograd.Autograd;
import ionas.autograd.AnomalyException;
import ionas.autograd.BackwardMode;
import ionas.autograd.GradCheck;
import ionas.autograd.Graphs;
import ionas.autograd.Tensor;
import ionas.nn.io.AtomicFiles;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ionas tour autograd}: the autograd engine on one small expression, a neuron
 * {@code y = tanh(x W + b)} with the loss {@code mean((y - t)^2)}. It prints the graph, the forward
 * value and the gradients, checks the gradients against finite differences, shows anomaly mode
 * naming the op that makes a NaN or an Inf, and differentiates a gradient again (a second derivative
 * and a Hessian-vector product). Read it beside its output; docs/autograd.md explains each step.
 */
public final class AutogradTour {
    // two samples of three features, the neuron's weights and biases, and the targets
    private static final double[] X = {1.0, 2.0, -1.0, 0.5, -1.5, 2.0};   // (2, 3)
    private static final double[] W = {0.1, -0.2, 0.4, 0.3, -0.5, 0.2};   // (3, 2)
    private static final double[] B = {0.05, -0.1};                        // (2)
    private static final double[] T = {0.5, -0.5, 0.0, 1.0};               // (2, 2)

    private final PrintWriter out;

    public AutogradTour(PrintWriter out) {
        this.out = out;
    }

    // the expression of the tour, the same for float32 and for the float64 gradient check
    static Tensor neuron(Tensor x, Tensor w, Tensor b) {
        return x.matmul(w).add(b).tanh().named("y");
    }

    static Tensor mse(Tensor y, Tensor t) {
        return y.sub(t).square().mean().named("loss");
    }

    /** Runs the tour, writing the graph as DOT to {@code dotFile} if it is not null; returns whether the gradient check passed. */
    public boolean run(Path dotFile) throws IOException {
        out.println("""
                1. An expression: one neuron and a squared-error loss
                   x = 2 samples x 3 features, t = targets        (constants: no gradient wanted)
                   W = 3x2 weights, b = 2 biases                  (leaves with requiresGrad(true))
                   y    = x.matmul(W).add(b).tanh()
                   loss = y.sub(t).square().mean()
                """);
        Tensor x = Tensor.of(f32(X), 2, 3).named("x");
        Tensor w = Tensor.of(f32(W), 3, 2).named("W").requiresGrad(true);
        Tensor b = Tensor.of(f32(B), 2).named("b").requiresGrad(true);
        Tensor t = Tensor.of(f32(T), 2, 2).named("t");
        Tensor y = neuron(x, w, b);
        Tensor loss = mse(y, t);

        out.println("2. The graph behind loss (Graphs.toText): the output at the top, the leaves at the bottom;");
        out.println("   a tensor used twice is printed once, then referred to by its number");
        out.println(indent(Graphs.toText(loss).stripTrailing(), "   "));
        if (dotFile != null) {
            AtomicFiles.writeString(dotFile, Graphs.toDot(loss));
            out.println("   wrote the graph as Graphviz DOT to " + dotFile + " (render it: dot -Tpng " + dotFile + " -o graph.png)");
        }
        out.println();

        out.println("3. Forward: the values were computed while the graph was built");
        show("x", x.data());
        show("W", w.data());
        show("b", b.data());
        show("y", y.data());
        out.printf(Locale.ROOT, "   loss = %.6f%n%n", loss.item());

        out.println("4. Backward: loss.backward() leaves d loss / d leaf in each leaf's grad()");
        loss.backward();
        show("W.grad", w.grad());
        show("b.grad", b.grad());
        out.println("   x.grad = " + x.grad() + "   (x is a constant: no gradient was asked for)");
        double lr = 0.5, before = loss.item();
        try (var scope = Autograd.noGrad()) {
            w.data().add_(w.grad().mul(-lr));
            b.data().add_(b.grad().mul(-lr));
            out.printf(Locale.ROOT, "   one step of gradient descent (W -= %.1f W.grad, b -= %.1f b.grad): loss %.6f -> %.6f%n%n",
                    lr, lr, before, mse(neuron(x, w, b), t).item());
        }

        out.println("5. Gradient check (GradCheck.check), in float64: the same expression, with x, W and b");
        out.println("   all as inputs; backward's gradients against central finite differences");
        GradCheck.Result check = GradCheck.check(in -> mse(neuron(in.get(0), in.get(1), in.get(2)), Tensor.of(T, 2, 2)),
                List.of(NDArray.of(X, 2, 3), NDArray.of(W, 3, 2), NDArray.of(B, 2)));
        out.println(indent(check.report().stripTrailing(), "   "));
        out.println();

        out.println("6. Anomaly mode (Autograd.detectAnomaly()) names the first op that turns finite values");
        out.println("   into NaN or Inf, and where the program created it");
        anomalies();
        out.println();

        boolean secondOrder = secondDerivatives(x, w, b, t);
        out.flush();
        return check.passed() && secondOrder;
    }

    /** Section 7: BackwardMode.CREATE_GRAPH, a gradient with a graph of its own, differentiated again. */
    private boolean secondDerivatives(Tensor x, Tensor w, Tensor b, Tensor t) {
        out.println("7. Second derivatives (BackwardMode.CREATE_GRAPH): backward records the gradient's own graph,");
        out.println("   so the gradient can be differentiated again");
        out.println("   a) the neuron's activation y = tanh(u): y' = 1 - y^2, y'' = -2 y (1 - y^2)");
        Tensor u = Tensor.of(new float[] {0.5f}, 1).named("u").requiresGrad(true);
        Tensor y = u.tanh();
        Tensor dy = Autograd.grad(y.sum(), List.of(u), BackwardMode.CREATE_GRAPH).get(0);
        Tensor d2y = Autograd.grad(dy.sum(), List.of(u), BackwardMode.FREE_GRAPH).get(0);
        double th = Math.tanh(0.5);
        out.printf(Locale.ROOT, "      at u = 0.5: y' = %.6f (formula %.6f), y'' = %.6f (formula %.6f)%n",
                dy.item(), 1 - th * th, d2y.item(), -2 * th * (1 - th * th));
        out.println("   b) a Hessian-vector product of the loss at W and b after the step of section 4, H v with");
        out.println("      v = the gradient g itself (what GraSP uses):");
        out.println("      g = grad(loss, [W, b], CREATE_GRAPH);  Hv = grad(sum(g . v), [W, b])");
        Tensor loss = mse(neuron(x, w, b), t);
        List<Tensor> g = Autograd.grad(loss, List.of(w, b), BackwardMode.CREATE_GRAPH);
        Tensor gDotV = g.get(0).mul(g.get(0).detach()).sum().add(g.get(1).mul(g.get(1).detach()).sum());
        List<Tensor> hv = Autograd.grad(gDotV, List.of(w, b), BackwardMode.FREE_GRAPH);
        show("   Hv for W", hv.get(0).data());
        show("   Hv for b", hv.get(1).data());
        out.println("   c) second derivatives checked against finite differences of first derivatives");
        out.println("      (GradCheck.checkSecondOrder, PyTorch's gradgradcheck), in float64");
        GradCheck.Result check = GradCheck.checkSecondOrder(in -> mse(neuron(in.get(0), in.get(1), in.get(2)), Tensor.of(T, 2, 2)),
                List.of(NDArray.of(X, 2, 3), NDArray.of(W, 3, 2), NDArray.of(B, 2)));
        out.println(indent(check.report().stripTrailing(), "      "));
        return check.passed();
    }

    private void anomalies() {
        out.println("   a) log of a negative number: NaN in the forward pass");
        Tensor u = Tensor.of(new float[] {-1f, 2f}, 2).named("u").requiresGrad(true);
        try (var scope = Autograd.detectAnomaly()) {
            u.log().sum().backward();
            out.println("      (no anomaly: unexpected)");
        } catch (AnomalyException e) {
            out.println("      AnomalyException: " + e.getMessage());
        }

        out.println("   b) sqrt at 0: the forward pass is fine (sqrt 0 = 0), the backward divides by 2 sqrt 0");
        Tensor z = Tensor.of(new float[] {0f, 4f}, 2).named("z").requiresGrad(true);
        z.sqrt().sum().backward();
        out.println("      without anomaly mode the Inf slips through: z.grad = " + z.grad());
        z.zeroGrad();
        try (var scope = Autograd.detectAnomaly()) {
            z.sqrt().sum().backward();
            out.println("      (no anomaly: unexpected)");
        } catch (AnomalyException e) {
            out.println("      with anomaly mode: AnomalyException: " + e.getMessage());
        }
    }

    /** Prints {@code name = value}, indenting a many-line value under its first line. */
    private void show(String name, NDArray value) {
        String head = "   " + name + " = ";
        out.println(head + indent(value.toString(), " ".repeat(head.length())).substring(head.length()));
    }

    private static String indent(String text, String prefix) {
        return text.lines().map(l -> prefix + l).reduce((a, c) -> a + "\n" + c).orElse("");
    }

    private static float[] f32(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}

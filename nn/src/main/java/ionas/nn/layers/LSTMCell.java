package ionas.nn.layers;

import ionas.autograd.Tensor;
import ionas.nn.Init;
import ionas.nn.Module;
import ionas.nn.Parameter;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.List;

/**
 * One step of an LSTM, as torch.nn.LSTMCell: the four gates (input, forget, cell, output, in that
 * order) come from one product each with the input and the hidden state;
 * c' = f c + i g, h' = o tanh(c'). All weights U(-1/sqrt(hidden), 1/sqrt(hidden)).
 */
public final class LSTMCell extends Module {
    private final int input, hidden;
    public final Parameter weightIh; // (4 hidden, input)
    public final Parameter weightHh; // (4 hidden, hidden)
    public final Parameter biasIh;   // (4 hidden)
    public final Parameter biasHh;   // (4 hidden)

    /** The state carried between steps: hidden h and cell c, each (batch, hidden). */
    public record State(Tensor h, Tensor c) {}

    /** The weights and biases drawn from {@code init} in PyTorch's order: weight_ih, weight_hh, bias_ih, bias_hh. */
    public LSTMCell(int input, int hidden, Generator init) {
        this.input = input;
        this.hidden = hidden;
        weightIh = parameter("weight_ih", Init.pytorchDefault(NDArray.zeros(4 * hidden, input), hidden, init));
        weightHh = parameter("weight_hh", Init.pytorchDefault(NDArray.zeros(4 * hidden, hidden), hidden, init));
        biasIh = parameter("bias_ih", Init.pytorchDefault(NDArray.zeros(4 * hidden), hidden, init));
        biasHh = parameter("bias_hh", Init.pytorchDefault(NDArray.zeros(4 * hidden), hidden, init));
    }

    /** A zero state for a batch, on the cell's device. */
    public State zeroState(int batch) {
        NDArray zeros = NDArray.zeros(weightHh.dtype(), weightHh.device(), batch, hidden);
        return new State(Tensor.of(zeros), Tensor.of(zeros.copy()));
    }

    public State forward(Tensor x, State s) {
        if (x.size(-1) != input)
            throw new IllegalArgumentException("LSTMCell(" + input + ", " + hidden + "): input has " + x.size(-1) + " features");
        Tensor gates = x.matmul(weightIh.transpose(0, 1)).add(biasIh)
                .add(s.h().matmul(weightHh.transpose(0, 1))).add(biasHh);
        List<Tensor> q = gates.split(new int[] {hidden, hidden, hidden, hidden}, -1);
        Tensor i = q.get(0).sigmoid(), f = q.get(1).sigmoid(), g = q.get(2).tanh(), o = q.get(3).sigmoid();
        Tensor c = f.mul(s.c()).add(i.mul(g));
        return new State(o.mul(c.tanh()), c);
    }

    @Override
    protected String extraRepr() {
        return input + ", " + hidden;
    }
}

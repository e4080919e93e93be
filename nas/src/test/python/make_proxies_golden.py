"""Reference values for ProxiesGoldenTest: every zero-cost proxy of a small NAS-Bench-101 network in PyTorch.

The network is NASBench-PyTorch's (the one zero-cost-nas uses, foresight/models/nasbench1.py), written
here with the parameter names ionas gives (layers.i.conv / .bn, cells' op{t} and proj{t}, classifier):
a 3x3 ConvBnRelu stem, stacks of cells with a 2x2 max-pool between stacks, global average pooling and a
dense layer. A cell sums the (channel-truncated) outputs of its predecessors and a 1x1 projection of the
cell input into each vertex, concatenates the vertices that feed the output, and adds a projection of the
input when it feeds the output directly. Vertex channels follow NAS-Bench-101's compute_vertex_channels.

The cell (6 vertices: conv3x3, conv1x1, maxpool3x3, conv3x3) has every op, an input-to-output edge and,
at stem 5, a truncated edge (vertex 1 has 3 channels, vertex 4 takes 2). The network: stem 5, 2 stacks
of 1 cell, 10 classes, drawn with torch.manual_seed(0) and NASBench-PyTorch's initialisation; 6 random
8x8 images and labels.

The proxies follow zero-cost-nas (SamsungLabs/zero-cost-nas, foresight/pruners/measures/*.py), each on a
fresh copy of the network in training mode, loss = mean cross-entropy, the scores summed over the
convolutions and the dense layer in float32 as find_measures does:
  grad_norm  sum over layers of ||dL/dW||
  snip       sum |dL/dmask| with a mask of ones multiplying each weight
  grasp      sum of -W * (H g), H g = d(g_const . g)/dW, from autograd.grad(create_graph=True)
  fisher     per channel 0.5 * mean_n (sum_hw act * dL/dact)^2 at each layer's output, copied to every
             weight of the channel (so times in*k*k), summed
  synflow    bn=False, |params|, float64, an all-ones image, R = sum(outputs), sum |W * dR/dW|
  jacob_cov  the gradient of sum(outputs) w.r.t. the images, np.corrcoef of its rows, np.linalg.eig,
             -sum(log(v + 1e-5) + 1/(v + 1e-5))
and nwot from Mellor et al. 2021 (BayesWatch/nas-without-training): at every ReLU's input, binary codes
c = (x > 0) per image, K += c c^T + (1 - c)(1 - c)^T, score = slogdet(K) (the log of |det|).

Output: nas/src/test/resources/golden/proxies.safetensors (the state dict, input_images, input_labels,
proxy.<name> as float64 scalars).

Run with Debian's python3 (the one with torch):  /usr/bin/python3 nas/src/test/python/make_proxies_golden.py
"""
import copy
import os
import sys
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "nn", "src", "test", "python"))
from make_golden import save_file, load_file  # noqa: E402  the format spec's reader/writer

MATRIX = np.array([[0, 1, 1, 0, 0, 1],
                   [0, 0, 0, 1, 1, 0],
                   [0, 0, 0, 0, 1, 0],
                   [0, 0, 0, 0, 0, 1],
                   [0, 0, 0, 0, 0, 1],
                   [0, 0, 0, 0, 0, 0]])
OPS = ["input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3", "conv3x3-bn-relu", "output"]
STEM, STACKS, CELLS, CLASSES, BATCH, SIDE = 5, 2, 1, 10, 6, 8


class ConvBnRelu(nn.Module):
    def __init__(self, c_in, c_out, k, pad):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, k, 1, pad, bias=False)
        self.bn = nn.BatchNorm2d(c_out)
        self.relu_input = None  # what nwot reads, kept by forward

    def forward(self, x):
        y = self.bn(self.conv(x))
        self.relu_input = y
        return F.relu(y)


def vertex_channels(c_in, c_out, m):
    v = len(m)
    vc = [0] * v
    vc[0], vc[v - 1] = c_in, c_out
    in_degree = m[1:].sum(axis=0)
    interior, correction = c_out // in_degree[v - 1], c_out % in_degree[v - 1]
    for t in range(1, v - 1):
        if m[t, v - 1]:
            vc[t] = interior + (1 if correction > 0 else 0)
            correction -= 1 if correction > 0 else 0
    for t in range(v - 3, 0, -1):
        if not m[t, v - 1]:
            for dst in range(t + 1, v - 1):
                if m[t, dst]:
                    vc[t] = max(vc[t], vc[dst])
    return vc


class Cell(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        v = len(MATRIX)
        self.vc = vertex_channels(c_in, c_out, MATRIX)
        for t in range(1, v - 1):
            c = self.vc[t]
            op = {"conv3x3-bn-relu": lambda: ConvBnRelu(c, c, 3, 1), "conv1x1-bn-relu": lambda: ConvBnRelu(c, c, 1, 0),
                  "maxpool3x3": lambda: nn.MaxPool2d(3, 1, 1)}[OPS[t]]()
            setattr(self, "op%d" % t, op)
        for t in range(1, v):
            if MATRIX[0, t]:
                setattr(self, "proj%d" % t, ConvBnRelu(c_in, self.vc[t], 1, 0))

    def forward(self, x):
        v = len(MATRIX)
        outs = [x]
        concat = []
        for t in range(1, v - 1):
            fan_in = [outs[s][:, :self.vc[t]] for s in range(1, t) if MATRIX[s, t]]
            if MATRIX[0, t]:
                fan_in.append(getattr(self, "proj%d" % t)(x))
            outs.append(getattr(self, "op%d" % t)(sum(fan_in)))
            if MATRIX[t, v - 1]:
                concat.append(outs[t])
        y = torch.cat(concat, 1)
        if MATRIX[0, v - 1]:
            y = y + getattr(self, "proj%d" % (v - 1))(x)
        return y


class Network(nn.Module):
    def __init__(self):
        super().__init__()
        layers = [ConvBnRelu(3, STEM, 3, 1)]
        c_in = c_out = STEM
        for s in range(STACKS):
            if s > 0:
                layers.append(nn.MaxPool2d(2, 2))
                c_out *= 2
            for _ in range(CELLS):
                layers.append(Cell(c_in, c_out))
                c_in = c_out
        self.layers = nn.ModuleList(layers)
        self.classifier = nn.Linear(c_out, CLASSES)
        for m in self.modules():  # NASBench-PyTorch's _initialize_weights
            if isinstance(m, nn.Conv2d):
                m.weight.data.normal_(0, (2.0 / (m.kernel_size[0] * m.kernel_size[1] * m.out_channels)) ** 0.5)
            elif isinstance(m, nn.Linear):
                m.weight.data.normal_(0, 0.01)
                m.bias.data.zero_()

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.classifier(x.mean((2, 3)))


def weighted(net):
    return [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


def total(arrays):  # find_measures' sum_arr: float32 sums of the per-layer arrays
    s = 0.
    for a in arrays:
        s += torch.sum(a)
    return float(s)


def grad_norm(net, x, y):
    F.cross_entropy(net(x), y).backward()
    return total([m.weight.grad.norm() for m in weighted(net)])


def snip(net, x, y):
    for m in weighted(net):
        m.weight_mask = nn.Parameter(torch.ones_like(m.weight))
        m.weight.requires_grad = False
        if isinstance(m, nn.Conv2d):
            m.forward = (lambda m: lambda z: F.conv2d(z, m.weight * m.weight_mask, m.bias, m.stride, m.padding))(m)
        else:
            m.forward = (lambda m: lambda z: F.linear(z, m.weight * m.weight_mask, m.bias))(m)
    F.cross_entropy(net(x), y).backward()
    return total([m.weight_mask.grad.abs() for m in weighted(net)])


def grasp(net, x, y):
    weights = [m.weight for m in weighted(net)]
    g = torch.autograd.grad(F.cross_entropy(net(x), y), weights)
    gf = torch.autograd.grad(F.cross_entropy(net(x), y), weights, create_graph=True)
    z = sum((a.data * b).sum() for a, b in zip(g, gf))
    z.backward()
    return total([-m.weight.data * m.weight.grad for m in weighted(net)])


def fisher(net, x, y):
    acts = {}
    for m in weighted(net):
        base = m.forward
        def hooked(z, m=m, base=base):
            a = base(z)
            a.retain_grad()
            acts[m] = a
            return a
        m.forward = hooked
    F.cross_entropy(net(x), y).backward()
    out = []
    for m in weighted(net):
        a, g = acts[m].detach(), acts[m].grad
        g_nk = (a * g).sum(list(range(2, a.dim()))) if a.dim() > 2 else a * g
        per_channel = g_nk.pow(2).mean(0).mul(0.5).abs()
        out.append(torch.stack([torch.full(m.weight.shape[1:], float(v)) for v in per_channel]))
    return total(out)


def synflow(net, x, y):
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.forward = lambda z: z
    with torch.no_grad():
        for p in net.state_dict().values():
            p.abs_()
    net.double()
    net(torch.ones([1] + list(x.shape[1:]), dtype=torch.float64)).sum().backward()
    return total([(m.weight * m.weight.grad).abs() for m in weighted(net)])


def jacob_cov(net, x, y):
    x = x.clone().requires_grad_(True)
    out = net(x)
    out.backward(torch.ones_like(out))
    jacob = x.grad.reshape(x.shape[0], -1).numpy()
    v, _ = np.linalg.eig(np.corrcoef(jacob))
    k = 1e-5
    return float(-np.sum(np.log(v + k) + 1. / (v + k)))


def nwot(net, x, y):
    kernel = np.zeros((x.shape[0], x.shape[0]))
    with torch.no_grad():
        net(x)
    for m in net.modules():
        if isinstance(m, ConvBnRelu):
            c = (m.relu_input.reshape(x.shape[0], -1) > 0).float()
            kernel += (c @ c.t() + (1 - c) @ (1 - c).t()).numpy()
    return float(np.linalg.slogdet(kernel)[1])


PROXIES = OrderedDict(grad_norm=grad_norm, snip=snip, grasp=grasp, fisher=fisher, synflow=synflow,
                      jacob_cov=jacob_cov, nwot=nwot)


def main():
    torch.manual_seed(0)
    net = Network()
    images, labels = torch.randn(BATCH, 3, SIDE, SIDE), torch.randint(0, CLASSES, (BATCH,))
    out = OrderedDict((k, v.clone()) for k, v in net.state_dict().items())
    scores = OrderedDict()
    for name, proxy in PROXIES.items():
        copy_ = copy.deepcopy(net)
        copy_.train()
        scores[name] = proxy(copy_, images, labels)
        out["proxy." + name] = torch.tensor([scores[name]], dtype=torch.float64)
    out.update(input_images=images, input_labels=labels.float())
    path = os.path.join(REPO, "nas", "src", "test", "resources", "golden", "proxies.safetensors")
    save_file(out, path, {"torch": torch.__version__, "numpy": np.__version__, "ops": ",".join(OPS)})
    back, _ = load_file(path)
    assert list(back) == list(out)
    print("wrote %s: %d tensors, %d bytes" % (path, len(out), os.path.getsize(path)))
    for k, v in scores.items():
        print("  %-10s %.10g" % (k, v))


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()

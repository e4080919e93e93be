#!/usr/bin/python3
"""Writes the golden-value fixtures of the ionas nn tests (nn/src/test/resources/golden/).

Run from the repository root, with Debian's python3-torch (PyTorch 1.13; the pyenv python3 that may
come first on PATH cannot import torch):

    /usr/bin/python3 nn/src/test/python/make_golden.py

Every case seeds torch.manual_seed with a fixed number derived from its name (and the script runs
single-threaded), so the output is deterministic: running it again rewrites byte-identical files,
and `git status` shows nothing changed. It takes about a second and writes about 150 kB.

What is stored. Each case is one safetensors file, golden/<group>/<case>.safetensors with group
layers, losses, optim or e2e (the end-to-end cases write two, see there), whose tensor names follow
one convention (the Java helper ionas.nn.Golden reads it):

    input.<n>             inputs (float32)
    state.<n>             parameters and buffers to load with Module.loadStateDict, under PyTorch's
                          state_dict names (num_batches_tracked as I64, as PyTorch stores it)
    grad_output.<n>       the random upstream gradient of output <n>: loss = sum((out * gradOut).sum())
    output.<n>            the outputs
    grad.input.<n>        the gradient of the loss with respect to input <n>
    grad.state.<n>        ... with respect to parameter <n>
    after.<n>             parameters/buffers after the case (batch-norm running statistics,
                          weights after optimiser steps)

plus case-specific names documented at each case, and a __metadata__ map with the settings.

Precision. The inputs and initial weights are drawn as float32 and stored as float32. Every case
is then computed twice from exactly those float32 values: once in float64, whose results (rounded
to float32) are what is stored, and once in float32, as an ordinary PyTorch run would do it. The
script checks that the float32 run agrees with the stored values within the tolerances the Java
tests use and prints the largest deviation, so the fixtures are PyTorch's values in float32 too,
with its own rounding noise taken out of the comparison. The tolerance is, per element,
|actual - expected| <= rtol |expected| + atol + scale * max|expected over the tensor|:
single cases rtol 1e-5, atol 1e-6, scale 1e-6 (an element that is the small difference of large
terms carries their absolute rounding error: a convolution's weight gradient of size 10 has
elements near 0 that float32 PyTorch gets wrong by 6e-7); end-to-end chains rtol 1e-4, atol 1e-6,
scale 2e-5 (through four GIN layers with batch norms, float32 PyTorch itself is off by up to 5e-6
of a gradient tensor's largest element).

Gradients that are zero in exact arithmetic: the bias of a Linear (or Conv2d) layer that feeds a
training-mode batch norm gets a gradient that is exactly zero (the batch norm removes any constant
shift), so what any implementation computes for it is rounding noise (about 1e-17 in float64,
1e-9 in float32). The cases list these in their metadata ("zero_grad_params"); their gradients
are compared with zero (absolute 1e-5). SGD moves such a weight by lr times the noise,
which is harmless, but Adam divides the gradient by its own running RMS and so would move it by up
to lr per step in whichever direction the noise points; the GIN case therefore leaves these biases
out of its Adam optimiser (they keep their initial values, as the test checks).

The safetensors Python package is not available here (no PyPI), so this script reads and writes the
format itself, following the specification (huggingface/safetensors): an 8-byte little-endian
unsigned header length N, N bytes of JSON header mapping each tensor name to {"dtype", "shape",
"data_offsets": [begin, end]} plus an optional "__metadata__" string map, padded with spaces to a
multiple of 8, then the raw little-endian row-major data, offsets relative to the data start.
Each file is read back after writing and compared bit for bit.
"""

import json
import os
import struct
import zlib
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden")
GENERATOR = "nn/src/test/python/make_golden.py"

RTOL_CASE, ATOL_CASE, SCALE_CASE = 1e-5, 1e-6, 1e-6
RTOL_E2E, ATOL_E2E, SCALE_E2E = 1e-4, 1e-6, 2e-5
ZERO_ATOL = 1e-5  # for gradients that are zero in exact arithmetic (see above)

# ------------------------------------------------------------------------------------------------
# safetensors, written from the specification

_DTYPES = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8"), torch.int64: ("I64", "<i8")}
_NP = {"F32": "<f4", "F64": "<f8", "I64": "<i8"}


def save_file(tensors, path, metadata=None):
    header = OrderedDict()
    if metadata:
        header["__metadata__"] = OrderedDict((str(k), str(v)) for k, v in metadata.items())
    blobs, offset = [], 0
    for name, t in tensors.items():
        t = t.detach().cpu().contiguous()
        code, np_dtype = _DTYPES[t.dtype]
        blob = t.numpy().astype(np_dtype, copy=False).tobytes(order="C")
        header[name] = OrderedDict([("dtype", code), ("shape", list(t.shape)),
                                    ("data_offsets", [offset, offset + len(blob)])])
        offset += len(blob)
        blobs.append(blob)
    js = json.dumps(header, separators=(",", ":")).encode("utf-8")
    js += b" " * ((8 - len(js) % 8) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)))
        f.write(js)
        for b in blobs:
            f.write(b)


def load_file(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"), object_pairs_hook=OrderedDict)
    data = raw[8 + n:]
    metadata = header.pop("__metadata__", {})
    out, expected = OrderedDict(), 0
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        begin, end = e["data_offsets"]
        assert begin == expected, (path, name, "offsets do not tile the data")
        arr = np.frombuffer(data[begin:end], dtype=_NP[e["dtype"]]).reshape(e["shape"])
        out[name] = torch.from_numpy(arr.copy())
        expected = end
    assert expected == len(data), (path, "trailing or missing data")
    return out, metadata


# ------------------------------------------------------------------------------------------------
# cases

CASES = []  # (group, name, function(dtype) -> (OrderedDict of tensors, metadata dict), e2e)


def case(group, e2e=False):
    def register(fn):
        CASES.append((group, fn.__name__, fn, e2e))
        return fn
    return register


def seed_for(name):
    torch.manual_seed(zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF)


def as_f32(t):
    return t.detach().float() if t.dtype == torch.float64 else t.detach()


def randn(*shape, scale=1.0):
    return torch.randn(*shape) * scale


def randomise_bn(bn):
    """Non-default affine parameters and running statistics, so that every term shows."""
    c = bn.num_features
    with torch.no_grad():
        bn.weight.copy_(1 + 0.3 * torch.randn(c))
        bn.bias.copy_(0.2 * torch.randn(c))
        bn.running_mean.copy_(0.5 * torch.randn(c))
        bn.running_var.copy_(0.5 + torch.rand(c))
        bn.num_batches_tracked.fill_(2)


def layer_case(dt, module, inputs, forward, train=True, meta=None):
    """Runs forward on inputs (name -> (float32 tensor, needs a gradient)) with
    loss = sum over outputs of (out * gradOut).sum(), and collects everything under the names above."""
    module = module.to(dt)
    module.train(train)
    out = OrderedDict()
    leaves = OrderedDict()
    for k, (v, needs_grad) in inputs.items():
        out["input." + k] = v
        leaves[k] = v.to(dt).requires_grad_(needs_grad)
    for k, v in module.state_dict().items():
        out["state." + k] = v.clone()
    outputs = forward(module, **leaves)
    if not isinstance(outputs, dict):
        outputs = OrderedDict(out=outputs)
    loss = 0
    for k, o in outputs.items():
        go = torch.randn(o.shape)  # drawn in float32 whatever dt is, so both runs see the same values
        out["grad_output." + k] = go
        loss = loss + (o * go.to(dt)).sum()
    loss.backward()
    for k, o in outputs.items():
        out["output." + k] = o
    for k, leaf in leaves.items():
        if leaf.requires_grad:
            out["grad.input." + k] = leaf.grad
    for k, p in module.named_parameters():
        out["grad.state." + k] = p.grad
    if train and any(True for _ in module.buffers()):
        for k, v in module.state_dict().items():
            if k.endswith(("running_mean", "running_var", "num_batches_tracked")):
                out["after." + k] = v
    m = OrderedDict(train=str(train).lower())
    m.update(meta or {})
    return out, m


# ---- layers

@case("layers")
def linear_bias(dt):
    lin = nn.Linear(5, 3)
    x = randn(4, 5)
    return layer_case(dt, lin, {"x": (x, True)}, lambda m, x: m(x), meta=dict(layer="Linear(5, 3)"))


@case("layers")
def linear_nobias(dt):
    lin = nn.Linear(5, 3, bias=False)
    x = randn(4, 5)
    return layer_case(dt, lin, {"x": (x, True)}, lambda m, x: m(x), meta=dict(layer="Linear(5, 3, bias=False)"))


@case("layers")
def linear_3d(dt):
    lin = nn.Linear(5, 3)
    x = randn(2, 3, 5)
    return layer_case(dt, lin, {"x": (x, True)}, lambda m, x: m(x), meta=dict(layer="Linear(5, 3) on (2, 3, 5)"))


def conv_case(dt, cin, cout, k, s, p, bias, shape):
    conv = nn.Conv2d(cin, cout, k, stride=s, padding=p, bias=bias)
    x = randn(*shape)
    return layer_case(dt, conv, {"x": (x, True)}, lambda m, x: m(x),
                      meta=dict(layer="Conv2d(%d, %d, k=%d, stride=%d, padding=%d, bias=%s)" % (cin, cout, k, s, p, bias)))


@case("layers")
def conv2d_s2p1_bias(dt):
    return conv_case(dt, 3, 4, 3, 2, 1, True, (2, 3, 7, 7))


@case("layers")
def conv2d_s2p1_nobias(dt):
    return conv_case(dt, 3, 4, 3, 2, 1, False, (2, 3, 8, 8))


@case("layers")
def conv2d_s1p1_nobias(dt):
    return conv_case(dt, 3, 4, 3, 1, 1, False, (2, 3, 5, 5))


@case("layers")
def conv2d_k1_bias(dt):
    return conv_case(dt, 4, 3, 1, 1, 0, True, (2, 4, 3, 3))


def bn_case(dt, bn, shape, train):
    randomise_bn(bn)
    x = randn(*shape, scale=2.0) + 0.5
    return layer_case(dt, bn, {"x": (x, True)}, lambda m, x: m(x), train=train,
                      meta=dict(layer=type(bn).__name__ + "(%d)" % bn.num_features))


@case("layers")
def bn1d_nc_train(dt):
    return bn_case(dt, nn.BatchNorm1d(4), (6, 4), True)


@case("layers")
def bn1d_ncl_train(dt):
    return bn_case(dt, nn.BatchNorm1d(4), (3, 4, 5), True)


@case("layers")
def bn1d_nc_eval(dt):
    return bn_case(dt, nn.BatchNorm1d(4), (6, 4), False)


@case("layers")
def bn2d_train(dt):
    return bn_case(dt, nn.BatchNorm2d(3), (2, 3, 4, 4), True)


@case("layers")
def bn2d_eval(dt):
    return bn_case(dt, nn.BatchNorm2d(3), (2, 3, 4, 4), False)


def activation_case(dt, module):
    x = randn(3, 5, scale=3.0)
    x[0, 0] = 0.0     # ReLU's gradient at exactly 0 is 0
    x[0, 1] = 20.0    # saturated
    x[0, 2] = -20.0
    return layer_case(dt, module, {"x": (x, True)}, lambda m, x: m(x), meta=dict(layer=type(module).__name__))


@case("layers")
def relu(dt):
    return activation_case(dt, nn.ReLU())


@case("layers")
def sigmoid(dt):
    return activation_case(dt, nn.Sigmoid())


@case("layers")
def tanh(dt):
    return activation_case(dt, nn.Tanh())


def pool_case(dt, k, s, p, shape):
    x = randn(*shape)
    return layer_case(dt, nn.MaxPool2d(k, s, p), {"x": (x, True)}, lambda m, x: m(x),
                      meta=dict(layer="MaxPool2d(%d, %d, %d)" % (k, s, p)))


@case("layers")
def maxpool_k3s1p1(dt):
    return pool_case(dt, 3, 1, 1, (2, 3, 5, 5))


@case("layers")
def maxpool_k2s2p0(dt):
    return pool_case(dt, 2, 2, 0, (2, 3, 6, 6))


@case("layers")
def maxpool_k2s2p0_odd(dt):
    return pool_case(dt, 2, 2, 0, (2, 3, 5, 5))


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


@case("layers")
def global_avg_pool(dt):
    x = randn(2, 3, 4, 5)
    return layer_case(dt, GlobalAvgPool(), {"x": (x, True)}, lambda m, x: m(x), meta=dict(layer="mean over (H, W)"))


@case("layers")
def flatten(dt):
    x = randn(2, 3, 2, 2)
    return layer_case(dt, nn.Flatten(), {"x": (x, True)}, lambda m, x: m(x), meta=dict(layer="Flatten()"))


@case("layers")
def lstm_cell_one_step(dt):
    cell = nn.LSTMCell(5, 4)
    x, h0, c0 = randn(3, 5), randn(3, 4), randn(3, 4)

    def fwd(m, x, h0, c0):
        h, c = m(x, (h0, c0))
        return OrderedDict(h=h, c=c)
    return layer_case(dt, cell, {"x": (x, True), "h0": (h0, True), "c0": (c0, True)}, fwd,
                      meta=dict(layer="LSTMCell(5, 4)"))


@case("layers")
def lstm_cell_two_steps(dt):
    """Two steps from the zero state; outputs h1, h2 and c2."""
    cell = nn.LSTMCell(5, 4)
    x1, x2 = randn(3, 5), randn(3, 5)

    def fwd(m, x1, x2):
        h1, c1 = m(x1)
        h2, c2 = m(x2, (h1, c1))
        return OrderedDict(h1=h1, h2=h2, c2=c2)
    return layer_case(dt, cell, {"x1": (x1, True), "x2": (x2, True)}, fwd, meta=dict(layer="LSTMCell(5, 4), 2 steps"))


class GINLayer(nn.Module):
    """ionas.nn.layers.GINLayer, with the same parameter names:
    H' = ReLU(BN_outer(Linear2(ReLU(BN_inner(Linear1((1 + eps) H + A H)))))), batch norms over B*N rows."""

    def __init__(self, din, dout):
        super().__init__()
        self.eps = nn.Parameter(torch.zeros(()))
        self.linear1 = nn.Linear(din, dout)
        self.bn_inner = nn.BatchNorm1d(dout)
        self.linear2 = nn.Linear(dout, dout)
        self.bn_outer = nn.BatchNorm1d(dout)

    def forward(self, h, adj):
        b, n, d = h.shape
        agg = ((1 + self.eps) * h + torch.matmul(adj, h)).reshape(b * n, d)
        mlp = self.linear2(F.relu(self.bn_inner(self.linear1(agg))))
        return F.relu(self.bn_outer(mlp)).reshape(b, n, -1)


def random_dag(b, n, p=0.4):
    """Upper-triangular 0/1 adjacency (strict), one per graph."""
    return torch.triu((torch.rand(b, n, n) < p).float(), diagonal=1)


def symmetrise(a):
    """arch2vec's preprocessing, method 4: A + triu(A, 1)^T."""
    return a + torch.triu(a, diagonal=1).transpose(-1, -2)


def gin_layer_case(dt, train):
    layer = GINLayer(5, 6)
    with torch.no_grad():
        layer.eps.fill_(0.3)
    randomise_bn(layer.bn_inner)
    randomise_bn(layer.bn_outer)
    h = randn(2, 7, 5)
    adj = symmetrise(random_dag(2, 7))
    meta = OrderedDict(layer="GINLayer(5, 6)")
    if train:
        meta["zero_grad_params"] = "linear1.bias,linear2.bias"
    return layer_case(dt, layer, {"h": (h, True), "adj": (adj, False)}, lambda m, h, adj: m(h, adj), train=train,
                      meta=meta)


@case("layers")
def gin_layer_train(dt):
    return gin_layer_case(dt, True)


@case("layers")
def gin_layer_eval(dt):
    return gin_layer_case(dt, False)


# ---- losses

def loss_case(dt, inputs, fn, reduction, meta=None):
    out = OrderedDict()
    leaves = OrderedDict()
    for k, (v, needs_grad) in inputs.items():
        out["input." + k] = v
        leaves[k] = (v.to(dt) if v.is_floating_point() else v).requires_grad_(needs_grad)
    loss = fn(reduction=reduction, **leaves)
    loss.backward()
    out["output.loss"] = loss
    for k, leaf in leaves.items():
        if leaf.requires_grad:
            out["grad.input." + k] = leaf.grad
    m = OrderedDict(reduction=reduction)
    m.update(meta or {})
    return out, m


def ce(dt, reduction):
    logits = randn(5, 4, scale=2.0)
    target = torch.randint(0, 4, (5,))
    return loss_case(dt, {"logits": (logits, True), "target": (target.float(), False)},
                     lambda logits, target, reduction: F.cross_entropy(logits, target.long(), reduction=reduction),
                     reduction)


@case("losses")
def cross_entropy_mean(dt):
    return ce(dt, "mean")


@case("losses")
def cross_entropy_sum(dt):
    return ce(dt, "sum")


def bce(dt, reduction, edges):
    if edges:
        # exact 0 and 1 probabilities against both targets: the -100 clamp of the logs, and
        # PyTorch's gradient (p - t) / max(p (1 - p), 1e-12) (0, -1e12, 1e12, 0 at the edges)
        p = torch.tensor([[0.0, 0.0, 1.0, 1.0], [0.3, 0.7, 0.05, 0.999]])
        t = torch.tensor([[0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 0.25, 1.0]])
    else:
        p = torch.rand(3, 4) * 0.98 + 0.01
        t = torch.rand(3, 4)
        t[0, 0], t[0, 1] = 0.0, 1.0
    return loss_case(dt, {"p": (p, True), "target": (t, False)},
                     lambda p, target, reduction: F.binary_cross_entropy(p, target, reduction=reduction), reduction)


@case("losses")
def bce_mean(dt):
    return bce(dt, "mean", False)


@case("losses")
def bce_sum(dt):
    return bce(dt, "sum", False)


@case("losses")
def bce_edges_mean(dt):
    return bce(dt, "mean", True)


@case("losses")
def bce_edges_sum(dt):
    return bce(dt, "sum", True)


def bce_logits(dt, reduction):
    x = randn(3, 4, scale=3.0)
    x[0, 0], x[0, 1], x[0, 2] = 30.0, -30.0, 0.0
    t = torch.rand(3, 4)
    t[1, 0], t[1, 1] = 0.0, 1.0
    return loss_case(dt, {"x": (x, True), "target": (t, False)},
                     lambda x, target, reduction: F.binary_cross_entropy_with_logits(x, target, reduction=reduction),
                     reduction)


@case("losses")
def bce_logits_mean(dt):
    return bce_logits(dt, "mean")


@case("losses")
def bce_logits_sum(dt):
    return bce_logits(dt, "sum")


def regression(dt, reduction, fn):
    pred, target = randn(3, 4), randn(3, 4)
    target[0, 0] = pred[0, 0]  # |0|: PyTorch's L1 gradient there is sign(0) = 0
    return loss_case(dt, {"prediction": (pred, True), "target": (target, False)},
                     lambda prediction, target, reduction: fn(prediction, target, reduction=reduction), reduction)


@case("losses")
def l1_mean(dt):
    return regression(dt, "mean", F.l1_loss)


@case("losses")
def l1_sum(dt):
    return regression(dt, "sum", F.l1_loss)


@case("losses")
def mse_mean(dt):
    return regression(dt, "mean", F.mse_loss)


@case("losses")
def mse_sum(dt):
    return regression(dt, "sum", F.mse_loss)


def kl(dt, reduction):
    """Losses.gaussianKl: 1/2 sum_d (exp(lv) + mu^2 - 1 - lv), over the last dimension, then reduced."""
    mu, lv = randn(3, 7, 4), randn(3, 7, 4, scale=0.5)

    def fn(mu, log_var, reduction):
        per = 0.5 * (torch.exp(log_var) + mu ** 2 - 1 - log_var).sum(-1)
        return per.mean() if reduction == "mean" else per.sum()
    return loss_case(dt, {"mu": (mu, True), "log_var": (lv, True)}, fn, reduction)


@case("losses")
def gaussian_kl_mean(dt):
    return kl(dt, "mean")


@case("losses")
def gaussian_kl_sum(dt):
    return kl(dt, "sum")


# ---- optimisers
#
# Two parameters w0 (3, 4) and w1 (5); the gradients of each step are given (step<k>.grad.<w>), and
# w1 has none at step 1, so the optimiser must skip it there (no decay, no momentum, no Adam step).
# Stored: state.<w> (initial), step<k>.grad.<w>, step<k>.after.<w>, and the optimiser's buffers at
# the end under PyTorch's names (momentum_buffer.<i>, exp_avg.<i>, exp_avg_sq.<i>, step.<i>).

def optimiser_case(dt, make, meta):
    w = OrderedDict(w0=randn(3, 4), w1=randn(5))
    grads = [OrderedDict((k, randn(*v.shape, scale=2.0)) for k, v in w.items()) for _ in range(3)]
    del grads[1]["w1"]
    params = OrderedDict((k, v.clone().to(dt).requires_grad_(True)) for k, v in w.items())
    opt = make(list(params.values()))
    out = OrderedDict(("state." + k, v) for k, v in w.items())
    for step, g in enumerate(grads):
        opt.zero_grad(set_to_none=True)
        for k, p in params.items():
            if k in g:
                p.grad = g[k].to(dt).clone()
                out["step%d.grad.%s" % (step, k)] = g[k]
        opt.step()
        for k, p in params.items():
            out["step%d.after.%s" % (step, k)] = p.detach().clone()
    for i, p in enumerate(params.values()):
        for name, v in opt.state[p].items():
            if v is not None:
                out["%s.%d" % (name, i)] = v.detach().clone() if torch.is_tensor(v) else torch.tensor(float(v), dtype=dt)
    return out, meta


@case("optim")
def sgd_plain(dt):
    return optimiser_case(dt, lambda ps: torch.optim.SGD(ps, lr=0.1), OrderedDict(lr=0.1, momentum=0.0, weight_decay=0.0))


@case("optim")
def sgd_momentum_wd(dt):
    return optimiser_case(dt, lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=1e-4),
                          OrderedDict(lr=0.1, momentum=0.9, weight_decay=1e-4))


@case("optim")
def adam(dt):
    return optimiser_case(dt, lambda ps: torch.optim.Adam(ps, lr=1e-2), OrderedDict(lr=1e-2, weight_decay=0.0))


@case("optim")
def adam_wd(dt):
    return optimiser_case(dt, lambda ps: torch.optim.Adam(ps, lr=1e-2, weight_decay=1e-2),
                          OrderedDict(lr=1e-2, weight_decay=1e-2))


@case("optim")
def cosine_annealing(dt):
    """lrs[e] = the optimiser's learning rate after e scheduler steps (stored as F64), through
    PyTorch's usual step() path (its recursive form), over more than one period."""
    base, t_max, eta_min, epochs = 0.1, 5, 1e-3, 13
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=t_max, eta_min=eta_min)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(epochs - 1):
        opt.step()
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return OrderedDict(lrs=torch.tensor(lrs, dtype=torch.float64)), \
        OrderedDict(lr=base, t_max=t_max, eta_min=eta_min)


def clip_case(dt, max_norm):
    g = OrderedDict(w0=randn(3, 4, scale=3.0), w1=randn(5, scale=3.0))
    params = [torch.zeros(v.shape, dtype=dt, requires_grad=True) for v in g.values()]
    for p, v in zip(params, g.values()):
        p.grad = v.to(dt).clone()
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    out = OrderedDict()
    for k, v in g.items():
        out["grad." + k] = v
    out["total_norm"] = norm.detach()
    for k, p in zip(g.keys(), params):
        out["after.grad." + k] = p.grad
    return out, OrderedDict(max_norm=max_norm)


@case("optim")
def clip_grad_norm_active(dt):
    return clip_case(dt, 1.0)


@case("optim")
def clip_grad_norm_inactive(dt):
    return clip_case(dt, 100.0)


# ---- end to end
#
# Each writes two files: e2e/<name>_init.safetensors, the model's state_dict exactly as PyTorch holds
# it (what ionas loads), and e2e/<name>.safetensors with the data, the loss of every step
# (loss.<k>), the gradients after the first forward/backward (grad.<param>, before clipping), the
# gradient norm clip_grad_norm_ returned at every step (grad_norm.<k>), and the state after three
# optimiser steps (after.<name>), all on the same batch.

def train_e2e(dt, model, batch, loss_fn, make_opt, max_norm, frozen=(), steps=3):
    model = model.to(dt)
    model.train()
    init = OrderedDict((k, v.clone()) for k, v in model.state_dict().items())
    data = OrderedDict()
    for k, v in batch.items():
        data["input." + k] = v
    inputs = {k: (v.to(dt) if v.is_floating_point() else v) for k, v in batch.items()}
    opt = make_opt([p for k, p in model.named_parameters() if k not in frozen])
    for step in range(steps):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model, **inputs)
        loss.backward()
        data["loss.%d" % step] = loss.detach()
        if step == 0:
            for k, p in model.named_parameters():
                data["grad." + k] = p.grad.clone()
        data["grad_norm.%d" % step] = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm).detach()
        opt.step()
    for k, v in model.state_dict().items():
        data["after." + k] = v.clone()
    return init, data


class ConvBnReluNet(nn.Sequential):
    def __init__(self):
        super().__init__(
            nn.Conv2d(3, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
            nn.MaxPool2d(2, 2), GlobalAvgPool(), nn.Linear(8, 10))


@case("e2e", e2e=True)
def convbnrelu(dt):
    model = ConvBnReluNet()
    x = randn(4, 3, 8, 8)
    y = torch.randint(0, 10, (4,))
    init, data = train_e2e(dt, model, OrderedDict(x=x, target=y.float()),
                           lambda m, x, target: F.cross_entropy(m(x), target.long()),
                           lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=1e-4), 5.0)
    meta = OrderedDict(model="Conv2d(3,8,k3,p1,no bias) BN2d ReLU Conv2d(8,8,k3,p1) BN2d ReLU MaxPool2d(2,2) "
                             "GlobalAvgPool Linear(8,10)",
                       loss="cross_entropy mean", optimiser="SGD(lr=0.1, momentum=0.9, weight_decay=1e-4)",
                       max_norm=5.0, steps=3, zero_grad_params="3.bias")
    return (init, data), meta


class GinEncoder(nn.Module):
    """arch2vec's encoder (A2V models/model.py: Model) at a small size: 4 GIN layers, then fc1 (mu)
    and fc2 (s, used as log sigma); plus its decoder's Linear for the ops (named decoder here)."""

    def __init__(self, din=5, hidden=16, latent=4, layers=4):
        super().__init__()
        self.layers = nn.ModuleList([GINLayer(din if i == 0 else hidden, hidden) for i in range(layers)])
        self.fc1 = nn.Linear(hidden, latent)
        self.fc2 = nn.Linear(hidden, latent)
        self.decoder = nn.Linear(latent, din)

    def forward(self, x, adj):
        h = x
        for layer in self.layers:
            h = layer(h, adj)
        return self.fc1(h), self.fc2(h)


def gin_loss(model, x, adj):
    """Deterministic arch2vec VAE loss: z = mu (no sampling, no dropout), ops = sigmoid(decoder(z)),
    adj_hat = sigmoid(z z^T), loss = BCE(ops, x) + BCE(adj_hat, adj) + KL / (B N) with log sigma^2 = 2 s."""
    mu, s = model(x, adj)
    z = mu
    ops = torch.sigmoid(model.decoder(z))
    adj_hat = torch.sigmoid(torch.matmul(z, z.transpose(1, 2)))
    b, n = x.shape[0], x.shape[1]
    log_var = 2 * s
    kld = (0.5 * (torch.exp(log_var) + mu ** 2 - 1 - log_var).sum(-1)).mean() / (b * n)
    return F.binary_cross_entropy(ops, x) + F.binary_cross_entropy(adj_hat, adj) + kld


@case("e2e", e2e=True)
def gin_encoder(dt):
    model = GinEncoder()
    b, n = 3, 7
    sizes = [7, 6, 5]  # graphs with fewer nodes are zero-padded, as in arch2vec
    ops = torch.zeros(b, n, 5)
    raw = torch.zeros(b, n, n)
    for g, size in enumerate(sizes):
        labels = torch.randint(1, 4, (size,))
        labels[0], labels[size - 1] = 0, 4  # input and output
        ops[g, torch.arange(size), labels] = 1
        a = random_dag(1, size, 0.5)[0]
        for v in range(size - 1):  # every vertex reaches the output
            a[v, v + 1] = 1
        raw[g, :size, :size] = a
    adj = symmetrise(raw)
    zero = ["layers.%d.%s.bias" % (i, lin) for i in range(4) for lin in ("linear1", "linear2")]
    init, data = train_e2e(dt, model, OrderedDict(x=ops, adj=adj, adj_raw=raw), lambda m, x, adj, adj_raw: gin_loss(m, x, adj),
                           lambda ps: torch.optim.Adam(ps, lr=1e-3), 5.0, frozen=zero)
    meta = OrderedDict(model="GinEncoder(5, hidden 16, latent 4, 4 GIN layers) + fc1, fc2, decoder Linear(4, 5)",
                       loss="BCE(sigmoid(decoder(mu)), x) + BCE(sigmoid(mu mu^T), adj) + gaussianKl(mu, 2 s, mean) / (B N)",
                       optimiser="Adam(lr=1e-3) over all parameters but frozen_params", max_norm=5.0, steps=3,
                       zero_grad_params=",".join(zero), frozen_params=",".join(zero))
    return (init, data), meta


# ------------------------------------------------------------------------------------------------
# running, checking and writing

def compare(name, stored, f32, rtol, atol, scale):
    """The largest error of the float32 run against the stored values, as a fraction of what the
    tolerance allows (so <= 1 passes); the same rule as ionas.nn.Golden.assertClose."""
    a, e = f32.detach().double(), stored.detach().double()
    if a.shape != e.shape:
        raise AssertionError("%s: shapes %s and %s" % (name, list(a.shape), list(e.shape)))
    if a.numel() == 0:
        return 0.0
    err = (a - e).abs()
    allowed = rtol * e.abs() + atol + scale * float(e.abs().max())
    ratio = float((err / allowed).max())
    if ratio > 1:
        raise AssertionError("%s: float32 PyTorch differs from float64 by %g (max)" % (name, float(err.max())))
    return ratio


def check_zero(name, stored, f32):
    assert float(stored.abs().max()) < 1e-12, (name, "expected a rounding-noise gradient", stored)
    assert float(f32.abs().max()) <= ZERO_ATOL, (name, "float32 noise above ZERO_ATOL", f32)


def run():
    total_bytes = 0
    worst = {}
    for group, name, fn, e2e in CASES:
        seed_for(name)
        stored, meta = fn(torch.float64)
        seed_for(name)
        check, _ = fn(torch.float32)
        tol = (RTOL_E2E, ATOL_E2E, SCALE_E2E) if e2e else (RTOL_CASE, ATOL_CASE, SCALE_CASE)
        if e2e:
            (init, data), (_, data32) = stored, check
            zero = set(meta.get("zero_grad_params", "").split(",")) - {""}
            frozen = set(meta.get("frozen_params", "").split(",")) - {""}
            for k, v in data.items():
                key = k.split(".", 1)[1] if "." in k else k
                if key in zero and k.startswith("grad."):
                    check_zero(name + ":" + k, v, data32[k])
                    continue
                if key in frozen and k.startswith("after."):
                    assert torch.equal(v, init[key]), k
                worst[group] = max(worst.get(group, 0.0), compare(name + ":" + k, v, data32[k], *tol))
            files = [("%s_init" % name, init, OrderedDict(case=name, generator=GENERATOR, torch=torch.__version__)),
                     (name, data, meta)]
        else:
            zero = set(meta.get("zero_grad_params", "").split(",")) - {""}
            for k, v in stored.items():
                if k.startswith("grad.state.") and k[len("grad.state."):] in zero:
                    check_zero(name + ":" + k, v, check[k])
                elif v.is_floating_point():
                    worst[group] = max(worst.get(group, 0.0), compare(name + ":" + k, v, check[k], *tol))
            meta = OrderedDict(meta)
            meta.update(case=name, generator=GENERATOR, torch=torch.__version__)
            files = [(name, stored, meta)]
        for fname, tensors, md in files:
            tensors = OrderedDict((k, v.detach() if k == "lrs" or v.dtype == torch.int64 else as_f32(v))
                                  for k, v in tensors.items())
            path = os.path.join(ROOT, group, fname + ".safetensors")
            save_file(tensors, path, OrderedDict(md, case=md.get("case", name)))
            back, back_meta = load_file(path)
            assert list(back.keys()) == list(tensors.keys()), path
            for k, v in tensors.items():
                assert back[k].dtype == v.dtype and torch.equal(back[k], v), (path, k)
            total_bytes += os.path.getsize(path)
    print("wrote %d cases, %d bytes under %s" % (len(CASES), total_bytes, os.path.normpath(ROOT)))
    for g, w in worst.items():
        print("  %-7s float32 PyTorch against the stored values: largest error %.3g of the tolerance" % (g, w))


if __name__ == "__main__":
    torch.set_num_threads(1)
    run()

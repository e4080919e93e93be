#!/usr/bin/python3
"""Makes nn/src/test/resources/hvp/conv-bn-net.json: a Hessian-vector product through a small
network of the NAS-Bench-101 ops (conv2d, training-mode batch norm, ReLU, max-pool, linear,
cross-entropy), as PyTorch computes it with create_graph=True, for HessianVectorProductTest.

Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 nn/src/test/python/make_hvp_fixture.py

Everything is float64 and seeded, so the file is the same on every run. Stored: the input batch,
labels, parameters and the vector v (each flattened, row-major), the loss, the gradient g of the
loss with respect to each parameter, and Hv, the gradient of sum(g . v) with respect to each.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(18)
torch.set_num_threads(1)
dt = torch.float64
x = torch.randn(2, 2, 6, 6, dtype=dt)
labels = torch.tensor([1, 3])
params = {
    "conv": torch.randn(3, 2, 3, 3, dtype=dt) * 0.5,
    "gamma": 1 + 0.2 * torch.randn(3, dtype=dt),
    "beta": 0.1 * torch.randn(3, dtype=dt),
    "weight": torch.randn(4, 27, dtype=dt) * 0.3,
    "bias": 0.1 * torch.randn(4, dtype=dt),
}
for p in params.values():
    p.requires_grad_(True)
v = {k: torch.randn_like(p) for k, p in params.items()}


def loss_of(p):
    h = F.conv2d(x, p["conv"], stride=1, padding=1)
    h = F.batch_norm(h, None, None, p["gamma"], p["beta"], training=True, eps=1e-5)
    h = F.max_pool2d(F.relu(h), 2, 2)
    logits = F.linear(h.flatten(1), p["weight"], p["bias"])
    return F.cross_entropy(logits, labels)


names = list(params)
loss = loss_of(params)
grads = torch.autograd.grad(loss, [params[k] for k in names], create_graph=True)
dot = sum((g * v[k]).sum() for g, k in zip(grads, names))
hv = torch.autograd.grad(dot, [params[k] for k in names])

flat = lambda t: t.detach().flatten().tolist()
out = {
    "x": flat(x), "x_shape": list(x.shape), "labels": labels.tolist(), "names": names,
    "shapes": {k: list(params[k].shape) for k in names},
    "params": {k: flat(params[k]) for k in names},
    "v": {k: flat(v[k]) for k in names},
    "loss": loss.item(),
    "grad": {k: flat(g) for k, g in zip(names, grads)},
    "hv": {k: flat(h) for k, h in zip(names, hv)},
}
path = os.path.join("nn", "src", "test", "resources", "hvp", "conv-bn-net.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path + ".tmp", "w") as f:
    json.dump(out, f, indent=1)
os.replace(path + ".tmp", path)
print("wrote", path, "loss", out["loss"])

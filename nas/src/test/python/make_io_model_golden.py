"""Reference values for IoModelGoldenTest: info-NAS's extended model (spec A.3) in PyTorch.

A small configuration of the model (image branch from 4 channels, 2 steps of 2 convolutions, head
of width 8 with 2 more layers, 9 targets) is built with torch.manual_seed(0), its batch-norm
running statistics are randomised, and one evaluation-mode pass on a batch of 3 (z = mu, no
dropout, so the result is deterministic) gives the predictions, the labeled loss
(arch2vec's VAE loss + L1) and the gradient of every parameter. Everything is stored under
ionas's parameter names in nas/src/test/resources/golden/io_model.safetensors.

Run with Debian's python3 (the one with torch):  /usr/bin/python3 nas/src/test/python/make_io_model_golden.py
"""
import os
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "nn", "src", "test", "python"))
sys.path.insert(0, os.path.join(REPO, "benchmarks", "pytorch"))
from make_golden import save_file, load_file  # noqa: E402  the format spec's reader/writer
from models import Arch2Vec, random_arch2vec_batch  # noqa: E402  arch2vec's twin

START, STEPS, CONVS, DENSE, DENSE_LAYERS, TARGETS, BATCH = 4, 2, 2, 8, 2, 9, 3


def conv_bn_relu(c_in, c_out, stride):
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())


class IoModel(nn.Module):
    """info_nas/models/io_model.py:DensePredConvModel with activation 'linear' (spec A.3)."""

    def __init__(self):
        super().__init__()
        self.vae = Arch2Vec()
        self.latent = nn.Linear(7 * 16, 16)
        layers, c = [conv_bn_relu(3, START, 1)], START
        for _ in range(STEPS):
            for k in range(CONVS):
                last = k == CONVS - 1
                layers.append(conv_bn_relu(c, 2 * c if last else c, 2 if last else 1))
                c = 2 * c if last else c
        self.image = nn.Sequential(*layers)
        head = [nn.Linear(16 + c, DENSE)]
        for i in range(DENSE_LAYERS):
            head += [nn.ReLU(), nn.Dropout(0.5), nn.Linear(DENSE, TARGETS if i == DENSE_LAYERS - 1 else DENSE)]
        self.head = nn.Sequential(*head)

    def forward(self, ops, adj, images):
        v = self.vae
        h, sym = ops, adj + adj.transpose(1, 2)
        for layer in v.gin:
            h = layer(h, sym)
        mu, s = v.fc1(h), v.fc2(h)
        z = mu  # evaluation mode
        ops_hat = torch.sigmoid(v.decoder(z))
        adj_hat = torch.triu(torch.sigmoid(z @ z.transpose(1, 2)), 1)
        graph = F.relu(self.latent(z.reshape(z.shape[0], -1)))
        img = self.image(images).mean(dim=(2, 3))
        return mu, s, ops_hat, adj_hat, self.head(torch.cat([graph, img], 1))


def ionas_name(name):
    """PyTorch's parameter name -> ionas's (vae.gin.0 -> vae.gin0; image.i.0/.1 -> image.i.conv/.bn)."""
    parts = name.split(".")
    if parts[:2] == ["vae", "gin"]:
        parts = ["vae", "gin" + parts[2]] + parts[3:]
    if parts[0] == "image":
        parts[2] = {"0": "conv", "1": "bn"}[parts[2]]
    return ".".join(parts)


def main():
    torch.manual_seed(0)
    model = IoModel()
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.6, 1.5)
            m.num_batches_tracked.fill_(3)
    model.eval()
    ops, adj = random_arch2vec_batch(BATCH)
    images, targets = torch.randn(BATCH, 3, 32, 32), torch.randn(BATCH, TARGETS)
    mu, s, ops_hat, adj_hat, pred = model(ops, adj, images)
    b, n = ops.shape[0], ops.shape[1]
    kl = -0.5 / (b * n) * torch.mean(torch.sum(1 + 2 * s - mu.pow(2) - torch.exp(s).pow(2), 2))
    vae_loss = F.binary_cross_entropy(ops_hat, ops) + F.binary_cross_entropy(adj_hat, adj) + kl
    loss = vae_loss + F.l1_loss(pred, targets)
    loss.backward()

    out = OrderedDict()
    for k, v in model.state_dict().items():
        out[ionas_name(k)] = v.float() if v.dtype != torch.int64 else v
    for k, p in model.named_parameters():
        out["grad." + ionas_name(k)] = p.grad
    out.update(input_ops=ops, input_adj=adj, input_images=images, targets=targets, prediction=pred.detach(),
               loss=loss.detach().reshape(1), vae_loss=vae_loss.detach().reshape(1))
    path = os.path.join(REPO, "nas", "src", "test", "resources", "golden", "io_model.safetensors")
    save_file(out, path, {"torch": torch.__version__, "config": "%d,%d,%d,%d,%d,%d" % (START, STEPS, CONVS, DENSE, DENSE_LAYERS, TARGETS)})
    back, _ = load_file(path)
    assert list(back) == list(out)
    print("wrote %s: %d tensors, loss %.6f, %d bytes" % (path, len(out), loss.item(), os.path.getsize(path)))


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()

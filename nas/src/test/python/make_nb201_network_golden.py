"""Reference values for Nb201NetworkGoldenTest: NAS-Bench-201's network (its TinyNetwork) in PyTorch.

The network is written here from the benchmark's definitions (xautodl/models/cell_infers/tiny_network.py,
cells.py and cell_operations.py in D-X-Y/AutoDL-Projects): stem conv 3x3 + BN; three stages of N cells,
joined by a ResNet basic block of stride 2 (ReLU-conv-BN twice, shortcut 2x2 average pool + 1x1 conv);
BN + ReLU; global average pooling; a dense layer. A cell sums, for node j, every edge (i, j)'s operation
on node i: none = x * 0, skip_connect = x, nor_conv_kxk = ReLU-conv-BN, avg_pool_3x3 = AvgPool2d(3, 1, 1,
count_include_pad=False).

Two things are stored in nas/src/test/resources/golden/nb201_network.safetensors, under the names PyTorch
gives the parameters (ionas uses the same): a small network (stem 4, 1 cell per stage, 10 classes) on a
cell with all five operations, built with torch.manual_seed(0) and random batch-norm statistics, with its
evaluation-mode logits, its training-mode cross-entropy loss and the gradient of every parameter; and the
parameter counts of the benchmark's network (stem 16, 5 cells per stage, 10 classes) for three cells.

Run with Debian's python3 (the one with torch):  /usr/bin/python3 nas/src/test/python/make_nb201_network_golden.py
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
from make_golden import save_file, load_file  # noqa: E402  the format spec's reader/writer

EDGES = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]  # the architecture string's order
SMALL_CELL = "|nor_conv_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|"
COUNTED = {
    "all_conv3x3": "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|",
    "all_none": "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
    "best_cifar10_valid": "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|",
}


def ops_of(arch):
    return [part.split("~")[0] for group in arch.split("+") for part in group.strip("|").split("|")]


class ReLUConvBN(nn.Module):
    def __init__(self, c_in, c_out, k, stride, pad):
        super().__init__()
        self.op = nn.Sequential(nn.ReLU(), nn.Conv2d(c_in, c_out, k, stride, pad, bias=False), nn.BatchNorm2d(c_out))

    def forward(self, x):
        return self.op(x)


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


class Identity(nn.Module):
    def forward(self, x):
        return x


def edge_op(name, c):
    return {"none": lambda: Zero(), "skip_connect": lambda: Identity(),
            "nor_conv_1x1": lambda: ReLUConvBN(c, c, 1, 1, 0), "nor_conv_3x3": lambda: ReLUConvBN(c, c, 3, 1, 1),
            "avg_pool_3x3": lambda: nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)}[name]()


class Cell(nn.Module):
    def __init__(self, arch, c):
        super().__init__()
        self.layers = nn.ModuleList(edge_op(op, c) for op in ops_of(arch))

    def forward(self, x):
        nodes = [x, None, None, None]
        for (i, j), layer in zip(EDGES, self.layers):
            out = layer(nodes[i])
            nodes[j] = out if nodes[j] is None else nodes[j] + out
        return nodes[3]


class ResidualBlock(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv_a = ReLUConvBN(c_in, c_out, 3, 2, 1)
        self.conv_b = ReLUConvBN(c_out, c_out, 3, 1, 1)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, 2, 0), nn.Conv2d(c_in, c_out, 1, 1, 0, bias=False))

    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))


class Network(nn.Module):
    def __init__(self, arch, c, n, classes):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))
        cells = []
        for stage in range(3):
            if stage > 0:
                cells.append(ResidualBlock(c, 2 * c))
                c *= 2
            cells += [Cell(arch, c) for _ in range(n)]
        self.cells = nn.Sequential(*cells)
        self.lastact = nn.Sequential(nn.BatchNorm2d(c), nn.ReLU())
        self.classifier = nn.Linear(c, classes)

    def forward(self, x):
        return self.classifier(self.lastact(self.cells(self.stem(x))).mean(dim=(2, 3)))


def main():
    torch.manual_seed(0)
    model = Network(SMALL_CELL, 4, 1, 10)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.6, 1.5)
            m.num_batches_tracked.fill_(3)
    images, labels = torch.randn(3, 3, 8, 8), torch.tensor([1, 7, 4])
    # clones: the training-mode pass below moves the running statistics in place
    out = OrderedDict((k, v.float().clone() if v.dtype != torch.int64 else v.clone()) for k, v in model.state_dict().items())
    model.eval()
    with torch.no_grad():
        out["eval_logits"] = model(images)
    model.train()
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    for k, p in model.named_parameters():
        out["grad." + k] = p.grad
    out.update(input_images=images, input_labels=labels, train_loss=loss.detach().reshape(1))
    for name, arch in COUNTED.items():
        out["params." + name] = torch.tensor([sum(p.numel() for p in Network(arch, 16, 5, 10).parameters())], dtype=torch.int64)
    path = os.path.join(REPO, "nas", "src", "test", "resources", "golden", "nb201_network.safetensors")
    save_file(out, path, {"torch": torch.__version__, "cell": SMALL_CELL, **{"arch." + k: v for k, v in COUNTED.items()}})
    back, _ = load_file(path)
    assert list(back) == list(out)
    print("wrote %s: %d tensors, loss %.6f, parameters %s, %d bytes" % (
        path, len(out), loss.item(), {k: int(out["params." + k]) for k in COUNTED}, os.path.getsize(path)))


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()

"""The PyTorch twins of the ionas models that the training-step benchmarks time.

Both follow the reference code that ionas reproduces (see ../../shared/reference/arch2vec-nasbench-spec.md):

* NB101Network: NASBench-PyTorch's network builder (spec 2.1) for one cell (matrix + ops), with
  vertex channels, a 1x1 projection per input edge, truncation, sums into vertices and concatenation
  at the output;
* Arch2Vec: arch2vec's VAE (spec 3.3-3.5): GIN encoder with learnable eps and inner/outer batch
  norm, reparameterisation with exp(s) as sigma, dropout, sigmoid op head and inner-product
  adjacency decoder, and its loss.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

# The README's Inception-like cell (spec 1.4a), also used by the ionas benchmark.
INCEPTION_MATRIX = [
    [0, 1, 1, 1, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 1, 0, 0],
    [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0]]
INCEPTION_OPS = ["input", "conv1x1-bn-relu", "conv3x3-bn-relu", "conv3x3-bn-relu", "conv3x3-bn-relu",
                 "maxpool3x3", "output"]


def vertex_channels(c_in, c_out, m):
    """NAS-Bench-101's compute_vertex_channels (spec 1.7)."""
    v = len(m)
    vc = [0] * v
    vc[0], vc[-1] = c_in, c_out
    if v == 2:
        return vc
    into_output = sum(m[s][v - 1] for s in range(1, v))
    interior, correction = divmod(c_out, into_output)
    for t in range(1, v - 1):
        if m[t][v - 1]:
            vc[t] = interior + (1 if correction > 0 else 0)
            correction -= 1 if correction > 0 else 0
    for t in range(v - 3, 0, -1):
        if not m[t][v - 1]:
            for dst in range(t + 1, v - 1):
                if m[t][dst]:
                    vc[t] = max(vc[t], vc[dst])
    return vc


class ConvBnRelu(nn.Sequential):
    def __init__(self, c_in, c_out, k):
        super().__init__(nn.Conv2d(c_in, c_out, k, padding=k // 2, bias=False), nn.BatchNorm2d(c_out), nn.ReLU())


class Cell(nn.Module):
    def __init__(self, m, ops, c_in, c_out):
        super().__init__()
        self.m, self.v = m, len(m)
        self.vc = vertex_channels(c_in, c_out, m)
        self.ops = nn.ModuleList([nn.Identity()])
        for t in range(1, self.v - 1):
            c = self.vc[t]
            self.ops.append({"conv3x3-bn-relu": lambda: ConvBnRelu(c, c, 3),
                             "conv1x1-bn-relu": lambda: ConvBnRelu(c, c, 1),
                             "maxpool3x3": lambda: nn.MaxPool2d(3, 1, 1)}[ops[t]]())
        self.proj = nn.ModuleList([ConvBnRelu(c_in, self.vc[t], 1) if m[0][t] else nn.Identity()
                                   for t in range(self.v)])

    def forward(self, x):
        v, m, vc = self.v, self.m, self.vc
        out = [x]
        for t in range(1, v - 1):
            ins = [out[s][:, :vc[t]] for s in range(1, t) if m[s][t]]
            if m[0][t]:
                ins.append(self.proj[t](x))
            out.append(self.ops[t](sum(ins)))
        final = [out[t] for t in range(1, v - 1) if m[t][v - 1]]
        if not final:
            return self.proj[v - 1](x)
        y = final[0] if len(final) == 1 else torch.cat(final, 1)
        if m[0][v - 1]:
            y = y + self.proj[v - 1](x)
        return y


class NB101Network(nn.Module):
    def __init__(self, m, ops, stem=128, stacks=3, cells=3, classes=10):
        super().__init__()
        layers = [ConvBnRelu(3, stem, 3)]
        c_in = c_out = stem
        for s in range(stacks):
            if s > 0:
                layers.append(nn.MaxPool2d(2, 2))
                c_out *= 2
            for _ in range(cells):
                layers.append(Cell(m, ops, c_in, c_out))
                c_in = c_out
        self.layers = nn.Sequential(*layers)
        self.classifier = nn.Linear(c_out, classes)
        for mod in self.modules():  # NASBench-PyTorch's _initialize_weights
            if isinstance(mod, nn.Conv2d):
                n = mod.kernel_size[0] * mod.kernel_size[1] * mod.out_channels
                mod.weight.data.normal_(0, (2.0 / n) ** 0.5)
            elif isinstance(mod, nn.Linear):
                mod.weight.data.normal_(0, 0.01)
                mod.bias.data.zero_()

    def forward(self, x):
        return self.classifier(self.layers(x).mean(dim=(2, 3)))


class GINLayer(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.eps = nn.Parameter(torch.zeros(()))
        self.linear1, self.bn_inner = nn.Linear(c_in, c_out), nn.BatchNorm1d(c_out)
        self.linear2, self.bn_outer = nn.Linear(c_out, c_out), nn.BatchNorm1d(c_out)

    def forward(self, h, adj):
        b, n, d = h.shape
        agg = ((1 + self.eps) * h + adj @ h).reshape(b * n, d)
        mlp = self.linear2(F.relu(self.bn_inner(self.linear1(agg))))
        return F.relu(self.bn_outer(mlp)).reshape(b, n, -1)


class Arch2Vec(nn.Module):
    def __init__(self, layers=4, hidden=128, latent=16, dropout=0.3, ops=5):
        super().__init__()
        self.gin = nn.ModuleList([GINLayer(ops if i == 0 else hidden, hidden) for i in range(layers)])
        self.fc1, self.fc2 = nn.Linear(hidden, latent), nn.Linear(hidden, latent)
        self.decoder = nn.Linear(latent, ops)
        self.dropout = nn.Dropout(dropout)

    def training_loss(self, ops, adj):
        h = ops
        sym = adj + adj.transpose(1, 2)
        for layer in self.gin:
            h = layer(h, sym)
        mu, s = self.fc1(h), self.fc2(h)
        z = mu + torch.randn_like(mu) * torch.exp(s)
        zd = self.dropout(z)
        ops_hat = torch.sigmoid(self.decoder(zd))
        adj_hat = torch.triu(torch.sigmoid(zd @ zd.transpose(1, 2)), 1)
        b, n = ops.shape[0], ops.shape[1]
        kl = -0.5 / (b * n) * torch.mean(torch.sum(1 + 2 * s - mu.pow(2) - torch.exp(s).pow(2), 2))
        return F.binary_cross_entropy(ops_hat, ops) + F.binary_cross_entropy(adj_hat, adj) + kl


def random_arch2vec_batch(batch=32, nodes=7, ops=5):
    """One-hot ops (input first, output last) and random strictly upper-triangular adjacency."""
    x = torch.zeros(batch, nodes, ops)
    x[:, 0, 0] = 1
    x[:, -1, -1] = 1
    x[:, 1:-1].scatter_(2, torch.randint(1, 4, (batch, nodes - 2, 1)), 1.0)
    adj = torch.triu((torch.rand(batch, nodes, nodes) < 0.3).float(), 1)
    return x, adj

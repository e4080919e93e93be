#!/usr/bin/env python3
"""arch2vec trained by PyTorch on the cells ionas trains on, with the same protocol, to tell engine
differences from protocol differences.

    java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \\
        ionas.benchmarks.ExportArch2VecData runs/cache/nb101-space.bin /tmp/a2v
    /usr/bin/python3 benchmarks/pytorch/arch2vec_reference.py /tmp/a2v LIMIT EPOCHS [TORCH_SEED]

Protocol, as ionas' `arch2vec train --limit LIMIT` and arch2vec's code: the first 90% of the space
for training and the rest held out, each permuted with NumPy seed 1 (training split first), the
first LIMIT cells of each, batches of 32 in a fixed order, Adam 1e-3, clipping at norm 5. After each
epoch it prints the held-out op accuracy (argmax per node row, padded rows included), adjacency
accuracy (upper triangle at 0.5) and the share of cells decoded identically, in evaluation mode.
"""
import sys

import numpy as np
import torch

import models

N_NODES, N_OPS = 7, 5


def main():
    folder, limit, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.manual_seed(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    torch.set_num_threads(2)
    adj = torch.from_numpy(np.fromfile(f"{folder}/adj.f32", dtype="<f4").reshape(-1, N_NODES, N_NODES))
    ops = torch.from_numpy(np.fromfile(f"{folder}/ops.f32", dtype="<f4").reshape(-1, N_NODES, N_OPS))
    n = adj.shape[0]
    cut = int(0.9 * n)
    np.random.seed(1)
    train = np.random.permutation(cut)[:limit]
    held_out = (cut + np.random.permutation(n - cut))[:limit]
    model = models.Arch2Vec()
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    upper = torch.triu_indices(N_NODES, N_NODES, 1)
    for epoch in range(epochs):
        model.train()
        for b in range(0, len(train), 32):
            idx = train[b:b + 32]
            adam.zero_grad()
            model.training_loss(ops[idx], adj[idx]).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5)
            adam.step()
        model.eval()
        with torch.no_grad():
            x, a = ops[held_out], adj[held_out]
            h = x
            for layer in model.gin:
                h = layer(h, a + a.transpose(1, 2))
            mu = model.fc1(h)
            ops_ok = torch.sigmoid(model.decoder(mu)).argmax(-1) == x.argmax(-1)
            adj_hat = torch.sigmoid(mu @ mu.transpose(1, 2))[:, upper[0], upper[1]] > 0.5
            adj_ok = adj_hat.float() == a[:, upper[0], upper[1]]
            identical = (ops_ok.all(-1) & adj_ok.all(-1)).float().mean().item()
        print(f"epoch {epoch + 1}: op accuracy {ops_ok.float().mean().item():.4f}  adjacency accuracy "
              f"{adj_ok.float().mean().item():.4f}  identical {identical:.4f}")


if __name__ == "__main__":
    main()

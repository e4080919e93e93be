#!/usr/bin/env python3
"""How long PyTorch takes for arch2vec's pre-training on this machine, projected from a few hundred
steps, to compare with the wall time of `./ionas arch2vec train` (issue: arch2vec must-show).

    /usr/bin/python3 benchmarks/pytorch/arch2vec_train_time.py [STEPS] [THREADS]

One training step is what arch2vec's pretraining_nasbench101.py does per batch of 32 (and what
ionas does): forward in training mode (reparameterisation, dropout), the VAE loss, backward,
clip_grad_norm_(5), Adam(1e-3), and keeping mu. Its cost does not depend on which cells are in the
batch, so random cells of the right shape are used. The per-epoch evaluation is timed too: the
reconstruction of the 42,363 held-out cells in chunks of 500 and 2 x 10,000 decoder samples (ionas
samples from the fitted Gaussian and from N(0, I)). Projection: 8 epochs of 11,915 steps
(381,261 cells / 32) plus 8 evaluations.
"""
import sys
import time

import torch
import torch.nn.functional as F

import models

TRAIN_CELLS, HELD_OUT, EPOCHS, BATCH, SAMPLES = 381_261, 42_363, 8, 32, 2 * 10_000


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = models.Arch2Vec()
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = [models.random_arch2vec_batch(BATCH) for _ in range(16)]

    def step(i):
        ops, adj = batches[i % len(batches)]
        adam.zero_grad()
        loss = model.training_loss(ops, adj)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5)
        adam.step()
        return loss.item()

    model.train()
    for i in range(30):  # warm-up
        step(i)
    t0 = time.perf_counter()
    for i in range(steps):
        step(i)
    per_step = (time.perf_counter() - t0) / steps

    model.eval()
    ops, adj = models.random_arch2vec_batch(500)
    with torch.no_grad():
        t0 = time.perf_counter()
        for _ in range(10):
            h, sym = ops, adj + adj.transpose(1, 2)
            for layer in model.gin:
                h = layer(h, sym)
            mu = model.fc1(h)
            torch.sigmoid(model.decoder(mu)), torch.sigmoid(mu @ mu.transpose(1, 2))
        per_chunk = (time.perf_counter() - t0) / 10
        t0 = time.perf_counter()
        z = torch.randn(SAMPLES, 7, 16)
        torch.sigmoid(model.decoder(z)), torch.sigmoid(z @ z.transpose(1, 2))
        sampling = time.perf_counter() - t0

    steps_per_epoch = -(-TRAIN_CELLS // BATCH)
    evaluation = per_chunk * (-(-HELD_OUT // 500)) + sampling
    total = EPOCHS * (steps_per_epoch * per_step + evaluation)
    print(f"torch {torch.__version__}, {threads} threads: {1 / per_step:.1f} steps/s over {steps} steps; "
          f"evaluation {evaluation:.1f} s an epoch; projected 8 epochs: {total:.0f} s "
          f"({steps_per_epoch} steps an epoch)")


if __name__ == "__main__":
    main()

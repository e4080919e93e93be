#!/usr/bin/env python3
"""PyTorch baseline for the ionas CPU benchmarks: the same work as the JMH cases.

Run (needs a python3 that can `import torch`; Debian's /usr/bin/python3 with python3-torch works):

    /usr/bin/python3 benchmarks/pytorch/cpu_bench.py [--threads N] [--warmup SECONDS] [--time SECONDS]
                                                     [--cases gemm_256,conv2d]

Usually it is run for you by `bash benchmarks/cpu/compare.sh`, which passes the same thread count
to ionas and to PyTorch. On stdout it prints one JSON object:

    {"torch_version": "...", "threads": N, "blas": "...", "warmup_s": W, "time_s": T,
     "cases": {"gemm_256": ops_per_second, "gemm_1024": ..., "gemm_2048": ..., "conv2d": ...}}

Progress goes to stderr. Case names follow the JMH ones: the @Benchmark method name, then the value
of each @Param (gemm with n=256 -> "gemm_256"). Each case runs its warmup for --warmup seconds, then
repeats the operation for --time seconds of wall time; the score is operations / elapsed seconds.

Cases:
  gemm_<n>  torch.mm of two n x n float32 matrices                (GemmBenchmark.gemm)
  conv2d    conv2d forward plus backward w.r.t. input and weight:  (Conv2dBenchmark.conv2d)
            batch 32, 64 -> 64 channels, 32 x 32, 3 x 3, stride 1, padding 1, bias=False
  nb101Step     one SGD step of a NAS-Bench-101 network, stem 16, batch 32 (TrainingStepBenchmark)
  arch2vecStep  one SGD step of arch2vec's VAE, batch 32 graphs of 7 nodes (TrainingStepBenchmark)
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

import models

SEED = 42


def gemm_case(n):
    """torch.mm on n x n float32 matrices."""
    a = torch.rand(n, n) * 2 - 1
    b = torch.rand(n, n) * 2 - 1

    def op():
        return torch.mm(a, b)

    return op


def conv2d_case(batch=32, channels_in=64, channels_out=64, size=32, kernel=3, stride=1, padding=1):
    """One conv2d layer in training: forward, then gradients w.r.t. the input and the weight."""
    x = (torch.rand(batch, channels_in, size, size) * 2 - 1).requires_grad_(True)
    w = (torch.rand(channels_out, channels_in, kernel, kernel) * 2 - 1).requires_grad_(True)
    out = (size + 2 * padding - kernel) // stride + 1
    gy = torch.rand(batch, channels_out, out, out) * 2 - 1

    def op():
        y = F.conv2d(x, w, bias=None, stride=stride, padding=padding)
        return torch.autograd.grad(y, (x, w), gy)

    return op


def nb101_step_case(batch=32):
    """One SGD training step of a NAS-Bench-101 network (Inception-like cell, stem 16, 3x3 cells)."""
    net = models.NB101Network(models.INCEPTION_MATRIX, models.INCEPTION_OPS, stem=16)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(batch, 3, 32, 32)
    y = torch.randint(0, 10, (batch,))

    def op():
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    return op


def arch2vec_step_case(batch=32):
    """One SGD training step of arch2vec's VAE (hidden 128, latent 16) on 32 graphs of 7 nodes."""
    vae = models.Arch2Vec()
    opt = torch.optim.SGD(vae.parameters(), lr=0.01, momentum=0.9)
    ops, adj = models.random_arch2vec_batch(batch)

    def op():
        opt.zero_grad()
        loss = vae.training_loss(ops, adj)
        loss.backward()
        opt.step()
        return loss.item()

    return op


# Case name -> factory of a zero-argument function that does one operation.
CASES = {
    "gemm_256": lambda: gemm_case(256),
    "gemm_1024": lambda: gemm_case(1024),
    "gemm_2048": lambda: gemm_case(2048),
    "conv2d": conv2d_case,
    "nb101Step": nb101_step_case,
    "arch2vecStep": arch2vec_step_case,
}


def ops_per_second(op, warmup_s, time_s):
    """Runs op for warmup_s seconds (at least once), then counts runs over time_s seconds."""
    start = time.perf_counter()
    while True:
        op()
        if time.perf_counter() - start >= warmup_s:
            break
    count = 0
    start = time.perf_counter()
    while True:
        op()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= time_s:
            return count / elapsed


def blas_library():
    """The BLAS shared library this process loaded (torch.mm may call it), or "unknown"."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                name = os.path.basename(path)
                if any(key in name for key in ("blas", "mkl_rt", "mkl_core", "blis")):
                    return os.path.realpath(path)
    except OSError:
        pass
    return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="torch.set_num_threads(N); default: all cores, as ionas uses")
    parser.add_argument("--warmup", type=float, default=6.0, help="warmup seconds per case")
    parser.add_argument("--time", type=float, default=10.0, help="measured seconds per case")
    parser.add_argument("--cases", default=",".join(CASES),
                        help="comma-separated subset of: " + ", ".join(CASES))
    args = parser.parse_args()

    names = args.cases.split(",")
    for name in names:
        if name not in CASES:
            parser.error(f"unknown case {name!r}; known: {', '.join(CASES)}")

    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    results = {}
    for name in names:
        score = ops_per_second(CASES[name](), args.warmup, args.time)
        print(f"torch {name}: {score:.4g} ops/s", file=sys.stderr)
        results[name] = score

    print(json.dumps({
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas_library(),
        "warmup_s": args.warmup,
        "time_s": args.time,
        "cases": results,
    }, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch baseline for the ionas GPU benchmarks: the same work as the JMH classes in
benchmarks/src/main/java/ionas/benchmarks/gpu/, on CUDA, float32.

    python3 benchmarks/pytorch/gpu_bench.py [--warmup SECONDS] [--time SECONDS] [--cases gpuGemm_fp32,...]

Usually run by benchmarks/gpu/run.sh. Prints one JSON object on stdout, in the format
benchmarks/cpu/join.py reads:

    {"torch_version": "...", "threads": N, "blas": "cuBLAS/cuDNN on <GPU>", "warmup_s": W, "time_s": T,
     "cases": {"gpuGemm_fp32": ops_per_second, ...}}

Every operation ends with torch.cuda.synchronize(), as every JMH operation ends with a stream
synchronize, so both sides time finished GPU work, not kernel launches.

Cases (names as JMH's: method name, then @Param values):
  gpuGemm_fp32   torch.mm of two 4096 x 4096 matrices, TF32 off       (GpuGemmBenchmark, fp32)
  gpuGemm_tf32   the same with TF32 tensor cores allowed               (GpuGemmBenchmark, tf32)
  gpuConv2d      conv2d forward + grads w.r.t. input and weight: batch 128, 128 -> 128,
                 32 x 32, 3 x 3, padding 1, no bias, TF32 off          (GpuConv2dBenchmark)
  gpuNb101Step   one SGD step of a NAS-Bench-101 network, Inception-like cell, stem 128,
                 3 x 3 cells, batch 128, TF32 off                      (GpuTrainingStepBenchmark)
"""
import argparse
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402  (the NAS-Bench-101 network of cpu_bench.py)
from cpu_bench import ops_per_second  # noqa: E402  (the same timing loop as the CPU comparison)

DEVICE = "cuda"


def set_tf32(on):
    """PyTorch's two TF32 switches: matmul (cuBLAS) and convolutions (cuDNN)."""
    torch.backends.cuda.matmul.allow_tf32 = on
    torch.backends.cudnn.allow_tf32 = on


def gemm_case(tf32, n=4096):
    a = torch.rand(n, n, device=DEVICE) * 2 - 1
    b = torch.rand(n, n, device=DEVICE) * 2 - 1

    def op():
        set_tf32(tf32)
        c = torch.mm(a, b)
        torch.cuda.synchronize()
        return c

    return op


def conv2d_case(batch=128, channels=128, size=32):
    x = (torch.rand(batch, channels, size, size, device=DEVICE) * 2 - 1).requires_grad_(True)
    w = (torch.rand(channels, channels, 3, 3, device=DEVICE) * 2 - 1).requires_grad_(True)
    gy = torch.rand(batch, channels, size, size, device=DEVICE) * 2 - 1

    def op():
        set_tf32(False)
        y = F.conv2d(x, w, bias=None, stride=1, padding=1)
        grads = torch.autograd.grad(y, (x, w), gy)
        torch.cuda.synchronize()
        return grads

    return op


def nb101_step_case(batch=128, stem=128):
    net = models.NB101Network(models.INCEPTION_MATRIX, models.INCEPTION_OPS, stem=stem).to(DEVICE)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(batch, 3, 32, 32, device=DEVICE)
    y = torch.randint(0, 10, (batch,), device=DEVICE)

    def op():
        set_tf32(False)
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        return loss.item()  # waits for the step, as ionas' loss.item() does

    return op


CASES = {
    "gpuGemm_fp32": lambda: gemm_case(False),
    "gpuGemm_tf32": lambda: gemm_case(True),
    "gpuConv2d": conv2d_case,
    "gpuNb101Step": nb101_step_case,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup", type=float, default=4.0, help="warmup seconds per case")
    parser.add_argument("--time", type=float, default=6.0, help="measured seconds per case")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated subset of: " + ", ".join(CASES))
    args = parser.parse_args()
    if not torch.cuda.is_available():
        sys.exit("gpu_bench.py: torch.cuda.is_available() is False: no GPU, or a CPU-only PyTorch build")

    names = args.cases.split(",")
    for name in names:
        if name not in CASES:
            parser.error(f"unknown case {name!r}; known: {', '.join(CASES)}")

    torch.manual_seed(42)
    # cuDNN picks the fastest convolution algorithm for these fixed shapes, as users would.
    torch.backends.cudnn.benchmark = True
    results = {}
    for name in names:
        score = ops_per_second(CASES[name](), args.warmup, args.time)
        print(f"torch {name}: {score:.4g} ops/s", file=sys.stderr)
        results[name] = score
    set_tf32(False)

    print(json.dumps({
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": f"cuBLAS/cuDNN {torch.backends.cudnn.version()} on {torch.cuda.get_device_name(0)}",
        "warmup_s": args.warmup,
        "time_s": args.time,
        "cases": results,
    }, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Joins the JMH results of ionas and the PyTorch results into one table (used by compare.sh).

    python3 benchmarks/cpu/join.py JMH_JSON TORCH_JSON [--out SUMMARY_JSON]

JMH_JSON is what `java -jar benchmarks.jar ... -rf json -rff FILE` writes; TORCH_JSON is the
stdout of benchmarks/pytorch/cpu_bench.py. A JMH result becomes the case named after its
@Benchmark method followed by its @Param values in parameter-name order
(ionas.benchmarks.GemmBenchmark.gemm with n=256 -> "gemm_256"); the PyTorch script uses the same
names. Exits with status 1 when a case has no ionas or no PyTorch score (e.g. a kernel threw).
"""
import argparse
import json
import sys

# Floating-point operations in one operation of a case, for the GFLOP/s columns (None: not shown).
def flops_per_op(case):
    if case.startswith("gemm_"):
        n = int(case.split("_")[1])
        return 2.0 * n ** 3
    if case == "conv2d":
        # forward + backward-input + backward-weight, each 2 * N * Cout * Hout * Wout * Cin * 3 * 3
        return 3 * 2.0 * 32 * 64 * 32 * 32 * 64 * 3 * 3
    return None


def jmh_case_name(result):
    method = result["benchmark"].rsplit(".", 1)[1]
    params = result.get("params") or {}
    return "_".join([method] + [params[key] for key in sorted(params)])


def fmt(value, digits=4):
    return "-" if value is None else f"{value:.{digits}g}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jmh_json")
    parser.add_argument("torch_json")
    parser.add_argument("--out", help="also write the joined results here as JSON")
    parser.add_argument("--cpu", help="a line naming the CPU, printed above the table (compare.sh passes it)")
    args = parser.parse_args()

    with open(args.jmh_json) as f:
        jmh = json.load(f)
    with open(args.torch_json) as f:
        torch = json.load(f)

    ionas = {}
    for result in jmh:
        metric = result["primaryMetric"]
        if metric["scoreUnit"] != "ops/s":
            sys.exit(f"{result['benchmark']}: expected a score in ops/s, got {metric['scoreUnit']}")
        error = metric.get("scoreError")  # the string "NaN" when there was a single iteration
        ionas[jmh_case_name(result)] = (metric["score"], error if isinstance(error, (int, float)) else None)
    baseline = torch["cases"]

    cases = list(baseline) + [case for case in ionas if case not in baseline]
    rows, joined = [], {}
    for case in cases:
        score, error = ionas.get(case, (None, None))
        base = baseline.get(case)
        flops = flops_per_op(case)
        gflops = lambda ops: None if ops is None or flops is None else ops * flops / 1e9
        ratio = score / base if score is not None and base else None
        error_pct = f"±{100 * error / score:.0f}%" if score and error is not None else ""
        rows.append([case, fmt(score), error_pct, fmt(gflops(score), 3), fmt(base), fmt(gflops(base), 3),
                     "-" if ratio is None else f"{ratio:.2f}x"])
        joined[case] = {"ionas_ops_per_s": score, "ionas_error": error, "torch_ops_per_s": base,
                        "flops_per_op": flops, "ratio_ionas_over_torch": ratio}

    header = ["case", "ionas ops/s", "± (99.9% CI)", "ionas GFLOP/s", "torch ops/s", "torch GFLOP/s", "ionas/torch"]
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    if args.cpu:
        print(f"cpu: {args.cpu}")
    print(f"threads: {torch['threads']}   torch {torch['torch_version']}   torch BLAS: {torch.get('blas', '?')}")
    for row in [header] + rows:
        print("  ".join(str(cell).ljust(w) if i == 0 else str(cell).rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths))))
    print("ionas/torch > 1 means ionas is faster.")

    if args.out:
        with open(args.out, "w") as f:
            json.dump({"cpu": args.cpu, "threads": torch["threads"], "torch_version": torch["torch_version"],
                       "torch_blas": torch.get("blas"), "cases": joined}, f, indent=2)

    missing = [case for case in cases if ionas.get(case) is None or baseline.get(case) is None]
    if missing:
        print(f"missing scores (see the logs): {', '.join(missing)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

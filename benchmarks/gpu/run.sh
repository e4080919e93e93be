#!/usr/bin/env bash
# The GPU check and benchmark run of issue 4, for a GPU machine with no Maven and no internet:
# the CUDA conformance self-test, the JUnit suites of kernels, tensor, autograd and nn (each case
# on cpu, on the simulated and on the real cuda:0), the JMH GPU benchmarks and the same work in
# PyTorch, then a short Markdown report. Everything comes from the jars and a Java runtime;
# nothing is built.
#
#   bash benchmarks/gpu/run.sh [FAT_JAR] [BENCH_JAR]
#
#   FAT_JAR    default experiments/target/ionas.jar        (only for `ionas info`)
#   BENCH_JAR  default benchmarks/target/benchmarks.jar    (shaded: holds all of ionas, JMH and
#              the conformance cases)
#   the suites come from benchmarks/target/gpu-tests/ (the modules' test jars and JUnit's console
#              launcher, copied there by the benchmarks module's package phase)
#
# Environment:
#   JAVA    a java binary, or a runtime/JDK folder with bin/java (e.g. the jlink image .jlink/jre);
#           default: .jlink/jre, else $JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64, else java on PATH
#   PYTHON  a python3 with a CUDA PyTorch (default python3); the PyTorch side is skipped without one
#   OUT     where results go (default bench-results/gpu): selftest.log, suites.log, junit/ (XML),
#           jmh.json, jmh.log, torch.json, summary.json, table.txt and gpu-report.md
#
# Each step has its own time limit, cut to what is left of 470 s, so the whole run ends within 8
# minutes. Without a usable GPU it runs the CPU half of the self-test and the suites (their CUDA
# cases skip, saying why), and exits with status 3 after about 20 s.
# Exit status: 0 all ran and passed, 1 a conformance case or a test failed, 3 no GPU.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
FAT_JAR=${1:-experiments/target/ionas.jar}
BENCH_JAR=${2:-benchmarks/target/benchmarks.jar}
OUT=${OUT:-bench-results/gpu}
PYTHON=${PYTHON:-python3}
START=$SECONDS

die() { echo "run.sh: $*" >&2; exit 1; }

# --- a Java runtime ----------------------------------------------------------------------------
JAVA=${JAVA:-}
# The jlink image travels packed (.jlink/jre.tar.xz, 20 MB instead of 45: the device tool carries 64 MiB).
if [[ -z "$JAVA" && ! -x .jlink/jre/bin/java && -f .jlink/jre.tar.xz ]]; then
  echo "unpacking .jlink/jre.tar.xz"; tar -C .jlink -xJf .jlink/jre.tar.xz
fi
if [[ -z "$JAVA" ]]; then
  for candidate in .jlink/jre "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
    if [[ -n "$candidate" && -x "$candidate/bin/java" ]]; then JAVA=$candidate; break; fi
  done
  JAVA=${JAVA:-$(command -v java || true)}
fi
[[ -d "$JAVA" ]] && JAVA="$JAVA/bin/java"
[[ -n "$JAVA" && -x "$JAVA" ]] || die "no Java runtime: set JAVA to a java binary or a runtime folder (see benchmarks/README.md, GPU)"
# absolute, as the suites run from another folder
[[ "$JAVA" == */* ]] && JAVA=$(cd "$(dirname "$JAVA")" && pwd)/$(basename "$JAVA")
[[ -f "$BENCH_JAR" ]] || die "no benchmarks jar at $BENCH_JAR (build it where Maven is: mvn -pl benchmarks -am package -DskipTests)"
BENCH_JAR=$(cd "$(dirname "$BENCH_JAR")" && pwd)/$(basename "$BENCH_JAR")
# The flags every ionas JVM here needs: the Vector API, JCuda's native library, JMH's Unsafe.
JVM=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
REPORT="$OUT/gpu-report.md"
step() { echo; echo "== $* ($((SECONDS - START)) s)"; }
# A step's time limit: its own cap, or less when the 470 s of the whole run are running out.
limit() { local left=$((470 - (SECONDS - START))); (( left < 10 )) && left=10; echo $(( $1 < left ? $1 : left )); }

# --- (a) the machine ---------------------------------------------------------------------------
step "java and the GPU"
JAVA_VERSION=$("$JAVA" -version 2>&1 | head -1)
echo "$JAVA: $JAVA_VERSION"
if command -v nvidia-smi >/dev/null; then
  GPU_LINE=$(timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -1 || true)
  timeout 20 nvidia-smi || true
else
  GPU_LINE="nvidia-smi not found"
fi
echo "GPU: $GPU_LINE"
if [[ -f "$FAT_JAR" ]]; then
  timeout 30 "$JAVA" "${JVM[@]}" -jar "$FAT_JAR" info 2>&1 | grep -v '^WARNING' | tee "$OUT/info.txt" || true
fi

# --- (b) the conformance self-test: every backend op, float32 on the device vs float64 on the CPU
step "conformance self-test (ionas.benchmarks.gpu.GpuSelfTest)"
set +e
timeout "$(limit 75)" "$JAVA" "${JVM[@]}" -cp "$BENCH_JAR" ionas.benchmarks.gpu.GpuSelfTest all 2>&1 \
    | grep -v '^WARNING' > "$OUT/selftest.log"
SELFTEST=${PIPESTATUS[0]}
set -e
grep -v '^PASS' "$OUT/selftest.log" || true
NO_GPU=$(grep '^SKIP all' "$OUT/selftest.log" || true)

# --- (c) the JUnit suites, with every kernel launch synchronised so that an error names its kernel
step "JUnit suites: kernels, tensor, autograd, nn"
TESTS=$ROOT/benchmarks/target/gpu-tests
SUITES=skipped
if [[ -f "$TESTS/junit-platform-console-standalone.jar" ]]; then
  JARS=$(printf '%s:' "$TESTS"/ionas-*-tests.jar); JARS=${JARS%:}
  set +e
  # from the kernels module's folder: its source checks read src/main/cuda, as under Maven. Left
  # out: the CPU emulator of the kernels (and the emulated cuda:0 of the tensor suites) and the
  # ptxas checks, which have the real GPU here.
  (cd kernels && timeout "$(limit 120)" "$JAVA" "${JVM[@]}" -Dionas.cuda.sync=true -Dionas.cuda.emu=off \
      -jar "$TESTS/junit-platform-console-standalone.jar" execute --disable-banner --details=summary \
      --class-path "$BENCH_JAR:$JARS" --scan-class-path "$JARS" --reports-dir "$OUT/junit" \
      --exclude-classname '.*\.(CudaEmulatorTest|PtxResourcesTest)') 2>&1 \
      | grep -v '^WARNING' > "$OUT/suites.log"
  SUITES=${PIPESTATUS[0]}
  set -e
  grep -E '^(\[ .*tests|Test run finished)' "$OUT/suites.log" || tail -5 "$OUT/suites.log"
else
  echo "no $TESTS/junit-platform-console-standalone.jar: build with mvn -pl benchmarks -am package -DskipTests"
fi

write_report_head() {
  {
    echo "# ionas on the GPU: conformance and benchmarks"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), host $(hostname)"
    echo "- java: $JAVA_VERSION"
    echo "- GPU (nvidia-smi): $GPU_LINE"
    echo
    echo "## Conformance self-test (float32 on the device vs float64 on the CPU)"
    echo
    echo '```'
    grep -v '^PASS' "$OUT/selftest.log" | head -40
    echo '```'
    echo
    echo "Exit status $SELFTEST (0 passed, 1 a case failed, 124 timed out); every line in $OUT/selftest.log."
    echo
    echo "## JUnit suites of kernels, tensor, autograd and nn (-Dionas.cuda.sync=true)"
    echo
    echo "Each test of the tensor, autograd and nn suites that computes runs on cpu, cuda:0 simulated on the cpu and cuda:0."
    echo "Exit status $SUITES (0 passed, 1 a test failed, 124 timed out); \"aborted\" counts the tests skipped by an assumption (the CUDA runs where no GPU is usable). The log is $OUT/suites.log, the XML in $OUT/junit/."
    echo
    echo '```'
    grep -E '^(\[ .*tests (found|successful|failed|aborted)|Test run finished)' "$OUT/suites.log" 2>/dev/null || echo "no summary: see suites.log"
    # the failures: which test, and the first line of why
    grep -E '^ +(MethodSource|=>)' "$OUT/suites.log" 2>/dev/null | head -40 || true
    echo '```'
  } > "$REPORT"
}
write_report_head

if [[ -n "$NO_GPU" ]]; then
  echo
  echo "run.sh: no GPU, so no GPU benchmarks: ${NO_GPU#SKIP all * cases: }" >&2
  { echo; echo "**No GPU**: the CUDA half of the self-test and all benchmarks were skipped."; } >> "$REPORT"
  echo "report: $REPORT"
  [[ $SUITES == 0 || $SUITES == skipped ]] || exit 1
  exit 3
fi

# --- (d) JMH GPU benchmarks (short settings: about 12 s a case plus the fork's start) -----------
step "JMH GPU benchmarks"
set +e
timeout "$(limit 180)" "$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$BENCH_JAR" '^ionas\.benchmarks\.gpu\.' \
    -wi 2 -i 3 -f 1 -w 2s -r 2s -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.log" 2>&1
JMH=$?
set -e
grep -E '^(Benchmark|Gpu)|Exception|skipped' "$OUT/jmh.log" | head -30 || true
echo "JMH exit status $JMH (124: timed out); the whole log is $OUT/jmh.log"

# --- (e) PyTorch on the same GPU ---------------------------------------------------------------
step "PyTorch"
TORCH=skipped
if timeout 60 "$PYTHON" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' >/dev/null 2>&1; then
  if timeout "$(limit 90)" "$PYTHON" benchmarks/pytorch/gpu_bench.py --warmup 4 --time 6 > "$OUT/torch.json" 2> "$OUT/torch.log"; then
    TORCH=ok
  else
    TORCH="failed (see $OUT/torch.log)"
  fi
  cat "$OUT/torch.log"
else
  echo "no python3 with a CUDA PyTorch ($PYTHON): the PyTorch side is skipped"
fi

# --- (f) the table and the report --------------------------------------------------------------
step "report"
{
  echo
  echo "## Benchmarks (JMH: -wi 2 -i 3 -f 1 -w 2s -r 2s; PyTorch: 4 s warmup, 6 s measured)"
  echo
  echo "Each operation ends with a device synchronize on both sides. JMH exit status $JMH; PyTorch: $TORCH."
  echo
  echo '```'
  if [[ $TORCH == ok && -s "$OUT/jmh.json" ]]; then
    "$PYTHON" benchmarks/cpu/join.py "$OUT/jmh.json" "$OUT/torch.json" --out "$OUT/summary.json" 2>&1 | tee "$OUT/table.txt" || true
  fi
  # GFLOP/s of the FLOP-counted cases (cpu/join.py only knows the CPU shapes).
  if command -v "$PYTHON" >/dev/null; then
    "$PYTHON" - "$OUT/jmh.json" "$OUT/torch.json" <<'PY' || true
import json, os, sys
flops = {"gpuGemm_fp32": 2 * 4096 ** 3, "gpuGemm_tf32": 2 * 4096 ** 3, "gpuConv2d": 3 * 2 * 128 * 128 * 32 * 32 * 128 * 9}
def load(path, read):
    try:
        with open(path) as f:
            return read(json.load(f))
    except (OSError, ValueError):
        return {}
ionas = load(sys.argv[1], lambda rs: {r["benchmark"].rsplit(".", 1)[1] + "".join("_" + r["params"][k] for k in sorted(r.get("params") or {})): r["primaryMetric"]["score"] for r in rs})
torch = load(sys.argv[2], lambda t: t["cases"])
print()
print(f"{'case':14} {'ionas ops/s':>12} {'ionas GFLOP/s':>14} {'torch ops/s':>12} {'torch GFLOP/s':>14}")
for case in ["gpuGemm_fp32", "gpuGemm_tf32", "gpuConv2d", "gpuNb101Step"]:
    cells = []
    for scores in (ionas, torch):
        s = scores.get(case)
        cells += ["-" if s is None else f"{s:.4g}", "-" if s is None or case not in flops else f"{s * flops[case] / 1e9:.0f}"]
    print(f"{case:14} {cells[0]:>12} {cells[1]:>14} {cells[2]:>12} {cells[3]:>14}")
PY
  fi
  echo '```'
  echo
  echo "JMH errors (a benchmark whose setup threw has no ionas score):"
  echo
  echo '```'
  grep -E 'Exception|Error' "$OUT/jmh.log" | sort | uniq | head -10 || echo "none"
  echo '```'
  echo
  echo "Total time: $((SECONDS - START)) s."
} >> "$REPORT"
cat "$REPORT"
echo "report: $REPORT"
[[ $SELFTEST == 0 && $SUITES == 0 ]] || exit 1

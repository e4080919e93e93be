#!/usr/bin/env bash
# The GPU check and benchmark run, for a GPU machine with no Maven and no internet. It is built so
# that a first run on hardware always returns something: the phases run from the cheapest and most
# telling to the longest, each under its own time limit, and each writes its part of the report as
# it finishes, so a timeout, a crash or a sticky CUDA fault in one phase loses no other's results.
#
#   bash benchmarks/gpu/run.sh [FAT_JAR] [BENCH_JAR]
#
#   FAT_JAR    default experiments/target/ionas.jar        (only for `ionas info`)
#   BENCH_JAR  default benchmarks/target/benchmarks.jar    (shaded: holds all of ionas, JMH and
#              the conformance cases)
#   the suites come from benchmarks/target/gpu-tests/ (the modules' test jars and JUnit's console
#              launcher, copied there by the benchmarks module's package phase)
#
# Phases, in order (each prints a "== phase" line and appends a section to the report):
#   1 machine    java -version, nvidia-smi, `ionas info`
#   2 kernels    GpuKernelCheck: the driver JIT-compiles every PTX module; one line per kernel
#   3 selftest   GpuSelfTest: every backend op on cuda:0 against float64 on the CPU, line by line
#   4 jmh        one JMH run per class in ionas.benchmarks.gpu, each with its own JSON
#   5 torch      benchmarks/pytorch/gpu_bench.py: the same work in PyTorch, and the ratio table
#   6 suites     the JUnit suites of kernels, tensor, autograd and nn, one module at a time, the
#                tree printed as it runs (-Dionas.cuda.sync=true: an error names its kernel)
#
# Environment:
#   JAVA     a java binary, or a runtime/JDK folder with bin/java (e.g. the jlink image .jlink/jre);
#            default: .jlink/jre, else $JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64, else java on PATH
#   PYTHON   a python3 with a CUDA PyTorch (default python3); the PyTorch side is skipped without one
#   OUT      where results go (default bench-results/gpu): gpu-report.md and every phase's logs
#   BUDGET   seconds for the whole run (default 420): each phase's limit is cut to what is left
#   PACK_TO  a folder that, after every phase, receives gpu-report.md and results.tar.gz (all of
#            OUT): for a runner that returns only a few files (the device tool returns 8)
#
# Without a usable GPU it runs the CPU half of the self-test and the suites (their CUDA cases skip,
# saying why), and exits with status 3.
# Exit status: 0 all ran and passed, 1 a kernel, conformance case or test failed, 3 no GPU.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
FAT_JAR=${1:-experiments/target/ionas.jar}
BENCH_JAR=${2:-benchmarks/target/benchmarks.jar}
OUT=${OUT:-bench-results/gpu}
PYTHON=${PYTHON:-python3}
BUDGET=${BUDGET:-420}
PACK_TO=${PACK_TO:-}
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
FAILED=0

step() { echo; echo "== $* ($((SECONDS - START)) s)"; }
# A phase's time limit: its own cap, or less when the BUDGET of the whole run is running out.
limit() { local left=$((BUDGET - (SECONDS - START))); (( left < 5 )) && left=5; echo $(( $1 < left ? $1 : left )); }
# Whether at least $1 seconds of the budget are left: later phases are skipped, saying so, rather than cut to nothing.
has_time() { (( BUDGET - (SECONDS - START) >= $1 )); }
# Appends stdin to the report, then hands the report and everything so far to PACK_TO.
report() { cat >> "$REPORT"; publish; }
publish() {
  [[ -n "$PACK_TO" ]] || return 0
  mkdir -p "$PACK_TO"
  cp "$REPORT" "$PACK_TO/gpu-report.md.tmp" && mv "$PACK_TO/gpu-report.md.tmp" "$PACK_TO/gpu-report.md"
  tar -C "$(dirname "$OUT")" -czf "$PACK_TO/results.tar.gz.tmp" "$(basename "$OUT")" 2>/dev/null \
    && mv "$PACK_TO/results.tar.gz.tmp" "$PACK_TO/results.tar.gz"
}
# Runs a command under a time limit with its output, less the JVM's warnings, in a log as it comes.
# The status is the command's (124: timed out), not the filter's.
logged() {
  local log=$1 seconds=$2; shift 2
  timeout --kill-after=5 "$seconds" "$@" 2>&1 | grep --line-buffered -v '^WARNING' > "$log"
  return "${PIPESTATUS[0]}"
}
status_word() { case $1 in 0) echo "passed";; 124|137) echo "TIMED OUT";; 3) echo "no GPU";; *) echo "FAILED (exit $1)";; esac; }

# --- 1 the machine -----------------------------------------------------------------------------
step "1 machine: java and the GPU"
JAVA_VERSION=$("$JAVA" -version 2>&1 | head -1)
echo "$JAVA: $JAVA_VERSION"
GPU_LINE="nvidia-smi not found"
if command -v nvidia-smi >/dev/null; then
  GPU_LINE=$(timeout 20 nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -1)
  timeout 20 nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1
fi
echo "GPU: $GPU_LINE"
if [[ -f "$FAT_JAR" ]]; then
  logged "$OUT/info.txt" 30 "$JAVA" "${JVM[@]}" -jar "$FAT_JAR" info
  cat "$OUT/info.txt"
fi
{
  echo "# ionas on the GPU: kernels, conformance, benchmarks and test suites"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), host $(hostname), $(nproc) CPUs"
  echo "- java: $JAVA_VERSION"
  echo "- GPU (nvidia-smi): $GPU_LINE"
  echo "- budget: $BUDGET s; every phase below has its own limit and its own section"
} > "$REPORT"
publish

# --- 2 every kernel through the driver's JIT -----------------------------------------------------
step "2 kernels: loading every PTX module (ionas.benchmarks.gpu.GpuKernelCheck)"
logged "$OUT/kernels.log" "$(limit 60)" "$JAVA" "${JVM[@]}" -cp "$BENCH_JAR" ionas.benchmarks.gpu.GpuKernelCheck
KERNELS=$?
grep -E '^(FAIL|module|ALL|SKIP|GPU|[0-9]+ OF)' "$OUT/kernels.log"
report <<EOF

## 1. Kernels: every PTX module JIT-compiled by the driver, every kernel looked up ($(status_word $KERNELS))

\`\`\`
$(cat "$OUT/kernels.log")
\`\`\`
EOF
if [[ $KERNELS == 3 ]]; then
  NO_GPU=yes
else
  NO_GPU=
  [[ $KERNELS == 0 ]] || FAILED=1
fi

# --- 3 the conformance self-test: every backend op, float32 on the device vs float64 on the CPU
step "3 selftest: conformance (ionas.benchmarks.gpu.GpuSelfTest)"
logged "$OUT/selftest.log" "$(limit 90)" "$JAVA" "${JVM[@]}" -cp "$BENCH_JAR" ionas.benchmarks.gpu.GpuSelfTest all
SELFTEST=$?
[[ $SELFTEST == 0 ]] || FAILED=1
grep -v '^PASS' "$OUT/selftest.log"
report <<EOF

## 2. Conformance self-test: float32 on the device vs float64 on the CPU ($(status_word $SELFTEST))

Every case that did not pass, and the totals (every line in selftest.log):

\`\`\`
$(grep -v '^PASS' "$OUT/selftest.log" | head -60)
\`\`\`
EOF

if [[ -n "$NO_GPU" ]]; then
  echo "run.sh: no GPU, so no GPU benchmarks" >&2
  report <<< $'\n**No GPU**: the CUDA half of the self-test and every benchmark were skipped.'
fi

# --- 4 JMH GPU benchmarks, one class at a time ---------------------------------------------------
JMH_FLAGS=(-wi 1 -i 3 -f 1 -w 2s -r 2s)
if [[ -z "$NO_GPU" ]]; then
  step "4 jmh: the GPU benchmarks (${JMH_FLAGS[*]})"
  mkdir -p "$OUT/jmh"
  JMH_LINES=""
  for class in GpuGemmBenchmark GpuConv2dBenchmark GpuTrainingStepBenchmark; do
    if ! has_time 20; then JMH_LINES+="$class: skipped, the budget ran out"$'\n'; continue; fi
    echo "-- $class"
    logged "$OUT/jmh/$class.log" "$(limit 120)" "$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$BENCH_JAR" \
        "ionas\.benchmarks\.gpu\.$class\." "${JMH_FLAGS[@]}" -rf json -rff "$OUT/jmh/$class.json"
    status=$?
    grep -E '^(Benchmark|Gpu)|Exception' "$OUT/jmh/$class.log" | head -10
    JMH_LINES+="$class: $(status_word $status)"$'\n'
    # the result table (the JMH header has a column named Error, hence 'Error:'), then any errors
    for pattern in '^(Benchmark +[(M]|Gpu)' 'Exception|Error:'; do
      lines=$(grep -E "$pattern" "$OUT/jmh/$class.log" | awk '!seen[$0]++' | head -8)
      [[ -z "$lines" ]] || JMH_LINES+="$lines"$'\n'
    done
  done
  report <<EOF

## 3. JMH GPU benchmarks (${JMH_FLAGS[*]}; each operation ends with a device synchronize)

\`\`\`
$JMH_LINES\`\`\`
EOF
fi

# --- 5 PyTorch on the same GPU, and the ratio table ----------------------------------------------
if [[ -z "$NO_GPU" ]]; then
  step "5 torch: the same work in PyTorch"
  TORCH=skipped
  if ! has_time 30; then
    TORCH="skipped: the budget ran out"
  elif timeout 60 "$PYTHON" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' >/dev/null 2>&1; then
    if timeout "$(limit 90)" "$PYTHON" benchmarks/pytorch/gpu_bench.py --warmup 2 --time 4 > "$OUT/torch.json" 2> "$OUT/torch.log"; then
      TORCH=ok
    else
      TORCH="failed (see torch.log)"
    fi
    cat "$OUT/torch.log"
  else
    TORCH="no python3 with a CUDA PyTorch ($PYTHON)"
  fi
  echo "PyTorch: $TORCH"
  TABLE=$("$PYTHON" - "$OUT/jmh" "$OUT/torch.json" <<'PY' 2>&1
import glob, json, os, sys
flops = {"gpuGemm_fp32": 2 * 4096 ** 3, "gpuGemm_tf32": 2 * 4096 ** 3, "gpuConv2d": 3 * 2 * 128 * 128 * 32 * 32 * 128 * 9}
ionas = {}
for path in glob.glob(os.path.join(sys.argv[1], "*.json")):
    try:
        with open(path) as f:
            for r in json.load(f):
                params = r.get("params") or {}
                ionas[r["benchmark"].rsplit(".", 1)[1] + "".join("_" + params[k] for k in sorted(params))] = r["primaryMetric"]["score"]
    except (OSError, ValueError):
        pass
try:
    with open(sys.argv[2]) as f:
        torch = json.load(f)["cases"]
except (OSError, ValueError, KeyError):
    torch = {}
print(f"{'case':14} {'ionas ops/s':>12} {'GFLOP/s':>9} {'torch ops/s':>12} {'GFLOP/s':>9} {'ionas/torch':>12}")
for case in ["gpuGemm_fp32", "gpuGemm_tf32", "gpuConv2d", "gpuNb101Step"]:
    a, b = ionas.get(case), torch.get(case)
    def cells(s):
        return ["-" if s is None else f"{s:.4g}", "-" if s is None or case not in flops else f"{s * flops[case] / 1e9:.0f}"]
    ratio = "-" if a is None or not b else f"{a / b:.3f}"
    print(f"{case:14} {cells(a)[0]:>12} {cells(a)[1]:>9} {cells(b)[0]:>12} {cells(b)[1]:>9} {ratio:>12}")
PY
)
  echo "$TABLE"
  report <<EOF

## 4. ionas against PyTorch on the same GPU (PyTorch: $TORCH; 2 s warmup, 4 s measured per case)

ops/s: higher is better; ionas/torch > 1 means ionas is faster.

\`\`\`
$TABLE
\`\`\`
EOF
fi

# --- 6 the JUnit suites, one module at a time ----------------------------------------------------
step "6 suites: JUnit, kernels, tensor, autograd, nn"
TESTS=$ROOT/benchmarks/target/gpu-tests
if [[ -f "$TESTS/junit-platform-console-standalone.jar" ]]; then
  JARS=$(printf '%s:' "$TESTS"/ionas-*-tests.jar); JARS=${JARS%:}
  SUITE_LINES=""
  for module in kernels tensor autograd nn; do
    jar=$(ls "$TESTS"/ionas-$module*-tests.jar 2>/dev/null | head -1)
    if [[ -z "$jar" ]]; then SUITE_LINES+="$module: no test jar"$'\n'; continue; fi
    if ! has_time 15; then SUITE_LINES+="$module: skipped, the budget ran out"$'\n'; continue; fi
    echo "-- $module"
    # From the kernels module's folder: its source checks read src/main/cuda, as under Maven. Left
    # out: the CPU emulator of the kernels (and the emulated cuda:0 of the tensor suites), the
    # ptxas checks, which have the real GPU here, and the JIT-state check, whose forked JVM needs
    # the tests on java.class.path, where the console launcher does not put them (CI runs it).
    (cd kernels && logged "$OUT/suite-$module.log" "$(limit 120)" "$JAVA" "${JVM[@]}" -Dionas.cuda.sync=true \
        -Dionas.cuda.emu=off -jar "$TESTS/junit-platform-console-standalone.jar" execute --disable-banner \
        --details=tree --details-theme=ascii --disable-ansi-colors --class-path "$BENCH_JAR:$JARS" --scan-class-path "$jar" \
        --reports-dir "$OUT/junit-$module" --exclude-classname '.*\.(CudaEmulatorTest|PtxResourcesTest|ElementwiseJitStateTest)')
    status=$?
    [[ $status == 0 ]] || FAILED=1
    summary=$(grep -E '^\[ +[0-9]+ tests (successful|failed|aborted)' "$OUT/suite-$module.log" | tr -s ' ' | tr '\n' ' ')
    echo "$module: $(status_word $status) $summary"
    SUITE_LINES+="$module: $(status_word $status) $summary"$'\n'
    # the failures: which test, and the first line of why
    failures=$(sed -n '/^Failures (/,/^Test run finished/p' "$OUT/suite-$module.log" | grep -E '^  JUnit|^    =>' | head -40)
    [[ -z "$failures" ]] || SUITE_LINES+="$failures"$'\n'
  done
  report <<EOF

## 5. JUnit suites (-Dionas.cuda.sync=true; each autograd and nn test runs on cpu and on cuda:0)

"aborted" counts the tests skipped by an assumption. Logs: suite-MODULE.log (the tree), XML in junit-MODULE/.

\`\`\`
$SUITE_LINES\`\`\`
EOF
else
  echo "no $TESTS/junit-platform-console-standalone.jar: build with mvn -pl benchmarks -am package -DskipTests"
fi

report <<< $'\n'"Total time: $((SECONDS - START)) s of a $BUDGET s budget."
echo
echo "report: $REPORT"
[[ -n "$NO_GPU" ]] && exit 3
exit $FAILED

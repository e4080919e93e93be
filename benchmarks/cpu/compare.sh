#!/usr/bin/env bash
# Runs the ionas CPU benchmarks (JMH) and the same work in PyTorch, and prints ionas / PyTorch.
#
#   bash benchmarks/cpu/compare.sh [--quick] [--threads N]
#
#   --quick      short warmup and measurement (about 3 s a case): a smoke test, not numbers to quote
#   --threads N  threads for both ionas (-Dionas.threads) and PyTorch (torch.set_num_threads);
#                default: every core (nproc)
#
# It (re)builds benchmarks/target/benchmarks.jar when the jar is missing or older than any pom.xml
# or main source, runs the JMH cases, then benchmarks/pytorch/cpu_bench.py, and prints the table.
# Everything lands in bench-results/cpu-<date>-<time>/ (git-ignored): jmh.json, jmh.log,
# torch.json, summary.json, table.txt. Environment: IONAS_JAVA_HOME (a JDK 25+; else JAVA_HOME if
# it is one, else /usr/lib/jvm/temurin-25-jdk-amd64) and IONAS_PYTHON (a python3 with torch).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

# The JMH benchmarks of the CPU comparison (a regex over class.method names), and the PyTorch
# cases that match them. Add a case to both (see benchmarks/README.md).
JMH_INCLUDE='^ionas\.benchmarks\.(GemmBenchmark|Conv2dBenchmark|TrainingStepBenchmark)\.'
TORCH_CASES='gemm_256,gemm_1024,gemm_2048,conv2d,nb101Step,arch2vecStep'

QUICK=0
THREADS=$(nproc)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) QUICK=1; shift ;;
    --threads) THREADS=${2:?--threads needs a number}; shift 2 ;;
    --threads=*) THREADS=${1#*=}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --threads must be a positive number" >&2; exit 2; }

die() { echo "compare.sh: $*" >&2; exit 1; }

# --- a JDK 25+ ---------------------------------------------------------------------------------
jdk_major() {  # the feature version of the JDK at $1, or nothing
  [[ -x "$1/bin/java" && -x "$1/bin/javac" && -f "$1/release" ]] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}
JDK=""
for candidate in "${IONAS_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
  [[ -n "$candidate" ]] || continue
  major=$(jdk_major "$candidate")
  if [[ -n "$major" && "$major" -ge 25 ]]; then JDK=$candidate; break; fi
done
[[ -n "$JDK" ]] || die "no JDK 25 found (tried IONAS_JAVA_HOME, JAVA_HOME and /usr/lib/jvm/temurin-25-jdk-amd64).
Install one, or point IONAS_JAVA_HOME at it."
export JAVA_HOME=$JDK
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
JAVA="$JDK/bin/java"

# --- a python3 that can import torch -----------------------------------------------------------
PYTHON=""
for candidate in "${IONAS_PYTHON:-}" /usr/bin/python3 $(which -a python3 2>/dev/null || true); do
  [[ -n "$candidate" && -x "$candidate" ]] || continue
  if "$candidate" -c 'import torch' >/dev/null 2>&1; then PYTHON=$candidate; break; fi
done
[[ -n "$PYTHON" ]] || die "no python3 that can 'import torch' (tried IONAS_PYTHON, /usr/bin/python3 and every python3 on PATH).
Install PyTorch (on Debian: apt-get install python3-torch) or point IONAS_PYTHON at a python3 that has it."

# --- the benchmarks jar, rebuilt when stale ----------------------------------------------------
JAR=benchmarks/target/benchmarks.jar
stale=""
if [[ ! -f "$JAR" ]]; then
  stale="missing"
else
  newer=$(find . \( -name target -o -name .git -o -name bench-results \) -prune -o \
               -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$JAR" -print -quit)
  [[ -z "$newer" ]] || stale="older than $newer"
fi
if [[ -n "$stale" ]]; then
  command -v mvn >/dev/null || die "the benchmarks jar is $stale and mvn is not on PATH to build it"
  echo "== building $JAR ($stale)"
  mvn -q -pl benchmarks -am package -DskipTests || die "build failed"
fi

# --- run ---------------------------------------------------------------------------------------
OUT="bench-results/cpu-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

if [[ $QUICK == 1 ]]; then
  JMH_TIMING=(-f 1 -wi 1 -w 1s -i 1 -r 2s)
  TORCH_TIMING=(--warmup 1 --time 2)
else
  # Warm-up as each benchmark class sets it (3 x 2 s for the kernels; 8 x 2 s for the training
  # steps, whose hundreds of methods the JIT compiles for over 10 s on two cores), then 10 x 1 s
  # measured: the same time as 5 x 2 s, but the 99.9% interval JMH prints is Student's t times
  # the standard error, and t falls from 8.6 (4 degrees of freedom) to 4.8 (9): the same noise
  # gives an interval about half as wide. Three forks: a JVM can run a training step at two
  # speeds for seconds or for its whole life (docs/performance.md, "The training steps' two speeds"), so one
  # fork's ten iterations can all fall on one side; 30 iterations from three JVMs hold that
  # spread in the interval, and narrow it (t 3.7 at 29 degrees of freedom).
  JMH_TIMING=(-f 3 -i 10 -r 1s)
  TORCH_TIMING=(--warmup 6 --time 10)
fi

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  echo "compare.sh: warning: load average is $load before starting; other work on this machine makes the numbers noisy" >&2
fi

# The CPU, since the ratios differ between CPU families (AMD EPYC and Intel Xeon both run this
# project): its model, the vector instruction sets that matter to the kernels and to oneDNN, and
# the caches the blocking depends on.
cpu_line() {
  local model flags isa="" f caches
  model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
  # VMs often hide the model number in the name ("AMD EPYC"); family and model still tell it.
  model+=" (family $(sed -n 's/^cpu family[[:space:]]*: //p' /proc/cpuinfo | head -1), model $(sed -n 's/^model[[:space:]]*: //p' /proc/cpuinfo | head -1))"
  flags=" $(sed -n 's/^flags[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1) "
  for f in avx2 fma avx512f avx512_bf16 avx512_fp16 avx512_vnni amx_tile amx_bf16 amx_int8; do
    [[ "$flags" == *" $f "* ]] && isa+="${isa:+ }$f"
  done
  caches=$(lscpu 2>/dev/null | sed -n 's/^\(L1d\|L2\|L3\) cache:[[:space:]]*/\1 /p' | paste -sd, - | sed 's/,/, /g')
  echo "${model:-unknown model}; $(nproc) cores; ${isa:-no AVX2/AVX-512}; ${caches:-caches unknown}"
}
CPU=$(cpu_line)
echo "== cpu: $CPU"

echo "== ionas (JMH, $THREADS threads, $("$JAVA" -version 2>&1 | head -1))"
# --sun-misc-unsafe-memory-access=allow only silences JMH's use of sun.misc.Unsafe; the forked
# benchmark JVMs inherit it, and get --add-modules from the @Fork annotations.
"$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$JAR" "$JMH_INCLUDE" "${JMH_TIMING[@]}" \
    -jvmArgsPrepend "-Dionas.threads=$THREADS" \
    -rf json -rff "$OUT/jmh.json" 2>&1 | tee "$OUT/jmh.log" || die "JMH failed (see $OUT/jmh.log)"
[[ -s "$OUT/jmh.json" ]] || die "JMH wrote no results (see $OUT/jmh.log)"

echo "== PyTorch ($PYTHON, $THREADS threads)"
OMP_NUM_THREADS=$THREADS "$PYTHON" benchmarks/pytorch/cpu_bench.py --threads "$THREADS" \
    --cases "$TORCH_CASES" "${TORCH_TIMING[@]}" > "$OUT/torch.json" \
    || die "the PyTorch benchmark failed"

echo "== ionas vs PyTorch (results in $OUT)"
"$PYTHON" benchmarks/cpu/join.py "$OUT/jmh.json" "$OUT/torch.json" --out "$OUT/summary.json" --cpu "$CPU" \
    | tee "$OUT/table.txt"   # with pipefail, a case without a score fails the script here

#!/usr/bin/env bash
# The step profile of issue 14 (docs/cuda.md, "Step profile"): what the NAS-Bench-101 training step
# of GpuTrainingStepBenchmark and arch2vec's training step ask of the device, counted on
# "cuda:0 recorded on the cpu (no kernel runs)": the real CUDA backend over a driver that runs
# nothing. Needs no GPU. Prints per step the kernel launches, host synchronisations, driver
# allocations, peak device bytes and top kernels; its last line is
#   nb101 step: L launches, S syncs, A driver allocations after warm-up, P peak device bytes
#
#   bash benchmarks/gpu/step-profile.sh [STEPS]      STEPS default 5 (the first 2 are warm-up)
#   IONAS_JAVA_OPTS="-Xmx1g" bash benchmarks/gpu/step-profile.sh   extra JVM flags (the heap size
#                                                    decides when dead tensors' memory is returned)
#
# It (re)builds benchmarks/target/benchmarks.jar with Maven when a source or pom is newer than it,
# as ./ionas does for its jar, with the JDK 25 that ./ionas and .ci/run look for.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"

# a JDK 25: $JAVA_HOME if it is one, else /usr/lib/jvm/temurin-25-jdk-amd64, else /usr/lib/jvm/*25* (./ionas's search)
is_jdk25() {
  [[ -n "$1" && -x "$1/bin/javac" && -r "$1/release" ]] || return 1
  local v; v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")"
  [[ -n "$v" ]] && (( v >= 25 ))
}
jdk=""
for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
  if is_jdk25 "$c"; then jdk="$c"; break; fi
done
if [[ -z "$jdk" ]]; then
  echo "step-profile.sh: no JDK 25 found at \$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/temurin-25-jdk-amd64 or" \
       "/usr/lib/jvm/*25*; install one (e.g. Eclipse Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$jdk"

stale() {
  [[ -f "$jar" ]] || return 0
  [[ -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src/main -newer "$jar" -print -quit 2>/dev/null)" ]]
}
if stale; then
  command -v mvn >/dev/null 2>&1 \
    || { echo "step-profile.sh: Maven (mvn) is needed to build $jar; install Maven 3.8 or newer and put it on PATH." >&2; exit 1; }
  echo "building benchmarks.jar ..." >&2
  # -DskipTests, not -Dmaven.test.skip: the test jars are part of the benchmarks module's package (see ./ionas)
  (cd "$root" && MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}" \
      mvn -B -q -ntp -pl benchmarks -am package -DskipTests) 2>&1 | sed 's/\x1b\[0m//g' >&2 \
    || { echo "step-profile.sh: the build failed (see Maven's messages above)." >&2; exit 1; }
fi

read -ra extra <<< "${IONAS_JAVA_OPTS:-}"
# the JVM's "Using incubator modules" line is dropped: the profile's output is meant to be read or parsed
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -Xss4m \
    "${extra[@]}" -cp "$jar" ionas.benchmarks.gpu.StepProfile "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2)

#!/usr/bin/env bash
# The import graph between the packages of each module, read by jdeps from the built jars
# (mvn -pl experiments -am package -DskipTests first), and whether any module's packages form a
# cycle (tsort names the loop). Prints "module: N packages, E edges, no cycle" per module and,
# with --edges, every edge "from -> to". Exits 1 when a module has a package cycle.
set -euo pipefail
cd "$(dirname "$0")/.."
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin"
show_edges=0
[[ "${1:-}" == "--edges" ]] && show_edges=1
status=0
for m in kernels tensor autograd nn nas experiments; do
    jar=$(ls "$m"/target/ionas-"$m"-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -1 || true)
    [[ -n "$jar" ]] || { echo "$m: no jar in $m/target (build it first)" >&2; exit 2; }
    name=$(basename "$jar")
    # "   from   -> to   <jar of to>": keep the edges whose target lives in this same jar
    edges=$("$J"/jdeps -verbose:package --multi-release 25 "$jar" 2>/dev/null \
        | awk -v jar="$name" '$2 == "->" && $4 == jar && $1 != $3 { print $1, $3 }' | sort -u)
    packages=$( { echo "$edges" | tr ' ' '\n'; unzip -Z1 "$jar" | grep '\.class$' | sed 's|/[^/]*$||; s|/|.|g'; } | grep . | sort -u | wc -l)
    count=$(echo -n "$edges" | grep -c . || true)
    if loop=$(echo "$edges" | tsort 2>&1 >/dev/null) && [[ -z "$loop" ]]; then
        echo "$m: $packages packages, $count edges, no cycle"
    else
        echo "$m: $packages packages, $count edges, CYCLE: $(echo "$loop" | grep -v 'input contains a loop' | tr '\n' ' ')"
        status=1
    fi
    (( show_edges )) && echo "$edges" | sed 's/^\(\S*\) \(\S*\)$/  \1 -> \2/'
done
exit $status

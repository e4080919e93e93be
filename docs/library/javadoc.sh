#!/usr/bin/env bash
# Builds the javadoc of every module's main sources with the JDK's own javadoc tool and fails on
# any error (warnings, such as a record without @param tags, are allowed). The JDK tool rather than
# maven-javadoc-plugin, so that it runs offline wherever the build itself does.
#
#   docs/library/javadoc.sh [OUT_DIR]            default: target/javadoc (the HTML for a browser)
#   MAVEN_REPO_LOCAL=/path docs/library/javadoc.sh   the dependencies from another local repository
#
# It needs the artifacts installed (mvn install -DskipTests), for the third-party classpath.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
out="${1:-$root/target/javadoc}"
die() { echo "docs/library/javadoc.sh: $*" >&2; exit 1; }
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javadoc" ]] || die "set JAVA_HOME to a JDK 25 (one with bin/javadoc)"
command -v mvn >/dev/null || die "Maven (mvn) is not on PATH"
repo_args=()
[[ -n "${MAVEN_REPO_LOCAL:-}" ]] && repo_args=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL")

modules=(kernels tensor autograd nn nas experiments)
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
# experiments depends on every other module, so its classpath holds every third-party jar
(cd "$root" && mvn -B -q -ntp -o "${repo_args[@]}" -pl experiments dependency:build-classpath -Dmdep.outputFile="$cp_file") \
  || die "no classpath for experiments (run 'mvn install -DskipTests' in $root first; Maven's messages are above)"
sourcepath="$(printf "$root/%s/src/main/java:" "${modules[@]}")"
rm -rf "$out"
log="$(mktemp)"
trap 'rm -f "$cp_file" "$log"' EXIT
set +e
"$JAVA_HOME/bin/javadoc" -quiet --add-modules jdk.incubator.vector -d "$out" -cp "$(cat "$cp_file")" \
  -sourcepath "$sourcepath" -subpackages ionas > "$log" 2>&1
status=$?
set -e
errors="$(grep -c ': error:' "$log" || true)" warnings="$(grep -c ': warning:' "$log" || true)"
if (( status != 0 || errors > 0 )); then
  grep -A2 ': error:' "$log" >&2 || cat "$log" >&2
  die "javadoc failed: $errors error(s) in the public API's comments (above)"
fi
echo "javadoc: no errors ($warnings warnings; javadoc stops listing them at 100), HTML in $out"

#!/usr/bin/env bash
# Compiles and runs docs/library.md's program against the installed ionas artifacts, in a throwaway
# Maven project, on eight NAS-Bench-101 records it writes itself, then pipes the page's JShell
# lines (the autograd tour by hand) into jshell on the same artifacts. The program and the dependency
# block are taken from the page (the blocks after its "library-check" markers), so the page and
# this check cannot drift apart.
#
#   docs/library/check.sh                      the artifacts in Maven's default local repository
#   MAVEN_REPO_LOCAL=/path docs/library/check.sh   the artifacts in another one
#
# It needs `mvn install` (or `mvn install -DskipTests`) to have run first; .ci/run does that. It runs
# Maven offline: every plugin it uses is one the ionas build itself has already fetched.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
doc="$root/docs/library.md"

die() { echo "docs/library/check.sh: $*" >&2; exit 1; }
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] || die "set JAVA_HOME to a JDK 25"
command -v mvn >/dev/null || die "Maven (mvn) is not on PATH"
repo_args=()
[[ -n "${MAVEN_REPO_LOCAL:-}" ]] && repo_args=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL")

# the fenced block that follows the marker line "<!-- library-check: NAME -->"
block() {
  awk -v m="<!-- library-check: $1 -->" '
    $0 == m { found = 1; next }
    found && !inside && /^```/ { inside = 1; next }
    inside && /^```/ { exit }
    inside { print }' "$doc"
}
program="$(block Library.java)"
dependency="$(block "the dependency block")"
[[ -n "$program" ]] || die "no program after <!-- library-check: Library.java --> in $doc"
[[ -n "$dependency" ]] || die "no dependency block after <!-- library-check: the dependency block --> in $doc"

# the page's version must be the build's, or the page tells readers to depend on nothing
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
grep -q "<version>$version</version>" <<< "$dependency" \
  || die "docs/library.md's dependency block does not name the build's version $version"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/main/java"
printf '%s\n' "$program" > "$work/src/main/java/Library.java"
# the same plugin versions as the ionas build, so that they are in the local repository already
cat > "$work/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId>
  <artifactId>library-check</artifactId>
  <version>1</version>
  <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencies>
$dependency
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.14.0</version>
        <configuration>
          <release>25</release>
          <compilerArgs><arg>--add-modules</arg><arg>jdk.incubator.vector</arg></compilerArgs>
        </configuration>
      </plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
    </plugins>
  </build>
</project>
POM

# Eight cells of seven vertices (a chain, and a chain with a skip from the input to the output),
# with made-up hashes and accuracies: the JSON records format of nb101-1k.json.
ops=("[-1,0,0,0,0,0,-2]" "[-1,1,1,1,1,1,-2]" "[-1,2,0,1,2,0,-2]" "[-1,0,1,2,0,1,-2]")
chain="[[0,1,0,0,0,0,0],[0,0,1,0,0,0,0],[0,0,0,1,0,0,0],[0,0,0,0,1,0,0],[0,0,0,0,0,1,0],[0,0,0,0,0,0,1],[0,0,0,0,0,0,0]]"
skip="[[0,1,0,0,0,0,1],[0,0,1,0,0,0,0],[0,0,0,1,0,0,0],[0,0,0,0,1,0,0],[0,0,0,0,0,1,0],[0,0,0,0,0,0,1],[0,0,0,0,0,0,0]]"
keys=() acc=() time=() params=() operations=() adjacency=()
for i in 0 1 2 3 4 5 6 7; do
  keys+=("\"$(printf '%032x' $((i + 1)))\"")
  acc+=("0.8$i") time+=("100$i.5") params+=("100000$i")
  operations+=("${ops[i % 4]}")
  if (( i < 4 )); then adjacency+=("$chain"); else adjacency+=("$skip"); fi
done
join() { local IFS=,; echo "$*"; }
cat > "$work/records.json" <<JSON
{"key": [$(join "${keys[@]}")],
 "108_final_validation_accuracy": [$(join "${acc[@]}")],
 "final_training_time": [$(join "${time[@]}")],
 "trainable_parameters": [$(join "${params[@]}")],
 "operations": [$(join "${operations[@]}")],
 "adjacency": [$(join "${adjacency[@]}")]}
JSON

cd "$work"
mvn -B -q -ntp -o "${repo_args[@]}" compile dependency:build-classpath -Dmdep.outputFile=cp.txt \
  || die "the throwaway project did not build against the installed artifacts (run 'mvn install -DskipTests' in $root first; Maven's messages are above)"
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -cp "target/classes:$(cat cp.txt)" Library records.json out > stdout.txt 2> stderr.txt \
  || { cat stdout.txt; cat stderr.txt >&2; die "docs/library.md's program failed (its output is above)"; }
cat stdout.txt

# what the page promises: the first cell's record, its embedding, and a training loss that falls
grep -q "^$(printf '%032x' 1): .* 1000000 parameters, validation accuracy 0.8000 at 108 epochs$" stdout.txt \
  || die "the program did not print the first cell's record"
grep -q "^arch2vec embedding of $(printf '%032x' 1): \[" stdout.txt || die "the program printed no embedding"
first="$(sed -n 's/^step   0: mse //p' stdout.txt)" last="$(sed -n 's/^step 200: mse //p' stdout.txt)"
[[ -n "$first" && -n "$last" ]] || die "the program printed no training losses"
awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a) }' || die "the training loss did not fall ($first -> $last)"
echo "docs/library.md's program: built and ran against the installed artifacts (mse $first -> $last)"

# the JShell session of the page, piped in, on the same installed artifacts
tour="$(block tour.jsh)"
[[ -n "$tour" ]] || die "no JShell lines after <!-- library-check: tour.jsh --> in $doc"
[[ -x "$JAVA_HOME/bin/jshell" ]] || die "no jshell in $JAVA_HOME/bin (a JDK 25, not a JRE, is needed)"
printf '%s\n' "$tour" | "$JAVA_HOME/bin/jshell" --add-modules jdk.incubator.vector -R--enable-native-access=ALL-UNNAMED \
  --class-path "$(cat cp.txt)" > jshell.txt 2>&1 || { cat jshell.txt; die "jshell failed on docs/library.md's lines"; }
if ! grep -q '==> 0\.72132' jshell.txt || [[ "$(grep -c 'Error:' jshell.txt)" != 0 ]] \
   || [[ "$(grep -o '==> [a-z]*$' jshell.txt | tail -1)" != "==> true" ]]; then
  cat jshell.txt
  die "docs/library.md's JShell session did not give the loss 0.72132... and a passing gradient check (its transcript is above)"
fi
echo "docs/library.md's JShell session: loss $(grep -o '==> 0\.72132[0-9]*' jshell.txt | head -1 | cut -c5-), gradient check passed"

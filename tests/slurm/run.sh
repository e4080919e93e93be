#!/usr/bin/env bash
# The cluster path, run for real: docs/cluster/slurm.sh on a one-node Slurm cluster started here.
#
#  1. checks the Kubernetes manifests against the Slurm script (tests/slurm/check-k8s.py);
#  2. installs Slurm and munge with apt-get where they are missing, and starts munged, slurmctld and
#     slurmd on localhost (2 CPUs, select/cons_tres, root as SlurmUser; ports 16817-16818, every
#     file in a temporary folder);
#  3. runs `ionas reproduce --preset tiny` directly, then submits the same chain with
#     docs/cluster/slurm.sh (2 pretraining, 2 extraction and 2 search shards), waits for it and
#     checks that report/summary.json and report/index.html say the same (tests/slurm/SameReport.java);
#  4. submits the chain again into a new folder, cancels one pretraining task mid-run (scancel) once it
#     has finished a network, waits, resubmits the chain and checks that only the missing networks
#     are trained again, that those done before are untouched, and that the report is still the same.
#
# The data are made up (MadeUpData in experiments' tests: random CIFAR-10 images, the cells of at most
# 5 vertices), so that it needs no download and takes about two minutes on 2 cores. It needs root (for
# the daemons), JDK 25 and the jar (./ionas builds it where it is missing or stale). It stops the daemons it started, and only those.
# Where Slurm cannot be installed or started it says so in one line and exits 0.
#
#   bash tests/slurm/run.sh            KEEP=1 keeps the work folder; SLURM_TEST=0 skips it
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/tests/slurm
say() { echo "slurm test: $*"; }
skip() { say "skipped: $*"; exit 0; }
fail() { say "FAILED: $*" >&2; exit 1; }
[[ ${SLURM_TEST:-1} != 0 ]] || skip "SLURM_TEST=0"
t_start=$(date +%s)

# ---------------------------------------------------------------- the Kubernetes manifests
if command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then
  python3 "$HERE/check-k8s.py" || fail "the Kubernetes manifests do not match the Slurm script (above)"
else
  say "Kubernetes manifests not checked: no python3 with PyYAML here"
fi

# ---------------------------------------------------------------- Slurm and munge
[[ $(id -u) == 0 ]] || skip "a one-node Slurm cluster needs root to start its daemons"
W=$(mktemp -d /tmp/ionas-slurm.XXXXXX)
daemons=()   # PIDs of the daemons started here, stopped in this order's reverse
jobs_submitted=()
cleanup() {
  set +e
  if ((${#jobs_submitted[@]})); then scancel "${jobs_submitted[@]}" 2>/dev/null; sleep 1; fi
  for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do
    kill "${daemons[i]}" 2>/dev/null && wait "${daemons[i]}" 2>/dev/null
  done
  if [[ -n ${KEEP:-} ]]; then say "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT

need=(sbatch squeue scancel scontrol slurmctld slurmd munged)
missing() { for c in "${need[@]}"; do command -v "$c" >/dev/null || return 0; done; return 1; }
if missing; then
  command -v apt-get >/dev/null || skip "Slurm is not installed and there is no apt-get to install it"
  say "installing slurm-wlm and munge with apt-get ..."
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge; }; } > "$W/apt.log" 2>&1 \
    || skip "apt-get could not install slurm-wlm and munge: $(tail -1 "$W/apt.log")"
  missing && skip "slurm-wlm and munge installed, but a command is still missing (one of ${need[*]})"
fi

host=$(hostname -s)
mkdir -p "$W/munge" "$W/state" "$W/spool" "$W/log"
chmod 700 "$W/munge"
head -c 1024 /dev/urandom > "$W/munge/munge.key"
chmod 400 "$W/munge/munge.key"
munged -F -f --key-file="$W/munge/munge.key" --socket="$W/munge/socket" --pid-file="$W/munge/munged.pid" \
  --log-file="$W/log/munged.log" --seed-file="$W/munge/seed" > "$W/log/munged.out" 2>&1 &
daemons+=($!)
# memory: slurmd's own figure less 10%, handed out 1/CPUs a CPU unless a job asks (--mem)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
cat > "$W/slurm.conf" <<EOF
ClusterName=ionas-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$W/munge/socket
CredType=cred/munge
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=3600
DefMemPerCPU=$((mem / 2))
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$W/slurm.conf
sleep 1
slurmctld -D -i -f "$SLURM_CONF" > "$W/log/slurmctld.out" 2>&1 &
daemons+=($!)
slurmd -D -f "$SLURM_CONF" > "$W/log/slurmd.out" 2>&1 &
daemons+=($!)
for _ in $(seq 30); do
  [[ $(sinfo -h -n "$host" -o %t 2>/dev/null) == idle ]] && break
  sleep 1
done
[[ $(sinfo -h -n "$host" -o %t 2>/dev/null) == idle ]] \
  || skip "the one-node Slurm cluster did not start (node: '$(sinfo -h -o %t 2>&1 | head -1)'; slurmctld: $(tail -1 "$W/log/slurmctld.log" 2>/dev/null))"
say "one-node cluster up on $host in $(( $(date +%s) - t_start )) s: $(sinfo -h -o '%P %D node, %c CPUs, %m MB' | head -1), $(slurmctld -V)"

# ---------------------------------------------------------------- the jar, the data, the direct run
"$ROOT/ionas" --version > /dev/null   # builds the jar once here, not in every job
JAR=$ROOT/experiments/target/ionas.jar
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[[ -x $JAVA ]] || JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
java_tool() { "$JAVA" --add-modules jdk.incubator.vector -cp "$JAR" "$@" 2> >(grep -v 'incubator modules' >&2); }
java_tool "$ROOT/experiments/src/test/java/ionas/experiments/cli/MadeUpData.java" "$W/data"

GLOBAL=(--data "$W/data" --cifar-any-size --progress off)
RUN=(--preset tiny --out runs/tiny --max-vertices 5)
mkdir -p "$W/direct"
t0=$(date +%s)
(cd "$W/direct" && IONAS_CACHE=$W/direct/cache "$ROOT/ionas" "${GLOBAL[@]}" reproduce "${RUN[@]}" --report report > run.log 2>&1) \
  || { tail -20 "$W/direct/run.log"; fail "the direct run failed"; }
say "direct run: ionas ${GLOBAL[*]/$W/W} reproduce ${RUN[*]} --report report: $(( $(date +%s) - t0 )) s"

# ---------------------------------------------------------------- the chain on Slurm
# chain DIR: submits docs/cluster/slurm.sh from DIR (runs/tiny, report/ beside it, as the direct run);
# its "STEP JOBID" lines go to DIR/jobs
chain() {
  mkdir -p "$1"
  (cd "$1" && PRESET=tiny RUNS=runs/tiny REPORT=report DATA=$W/data IONAS=$ROOT/ionas CPUS=1 TIME=00:30:00 \
     PRETRAIN_SHARDS=2 EXTRACT_SHARDS=2 SEARCH_SHARDS=2 IONAS_OPTS="--cifar-any-size --progress off" REPRODUCE_OPTS="--max-vertices 5" \
     LOGS=$1/logs IONAS_CACHE=$1/cache bash "$ROOT/docs/cluster/slurm.sh" > jobs) || fail "slurm.sh could not submit the chain"
  while read -r _ id; do jobs_submitted+=("$id"); done < "$1/jobs"
}
job() { awk -v s="$2" '$1 == s {print $2}' "$1/jobs"; }
# wait_chain DIR: until none of its jobs is pending or running (at most 15 minutes)
wait_chain() {
  local ids; ids=$(awk '{print $2}' "$1/jobs" | paste -sd,)
  for _ in $(seq 900); do
    [[ -z $(squeue -h -j "$ids" 2>/dev/null) ]] && return 0
    sleep 1
  done
  fail "the chain in $1 did not end within 15 minutes: $(squeue -j "$ids")"
}
# states DIR: each job's id and the states of its tasks
states() {
  local step id
  while read -r step id; do
    printf '  %-18s job %-4s %s\n' "$step" "$id" \
      "$(scontrol -o show job "$id" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort | uniq -c | awk '{printf "%s%s x%d", (NR > 1 ? ", " : ""), $2, $1}')"
  done < "$1/jobs"
}
all_completed() {
  local id
  for id in $(awk '{print $2}' "$1/jobs"); do
    scontrol -o show job "$id" | grep -o 'JobState=[A-Z_]*' | grep -qv COMPLETED && return 1
  done
  return 0
}
same_report() { java_tool "$HERE/SameReport.java" "$W/direct/report" "$1/report"; }

t0=$(date +%s)
chain "$W/slurm"
wait_chain "$W/slurm"
say "chain on Slurm: $(wc -l < "$W/slurm/jobs") jobs, $(( $(date +%s) - t0 )) s from the first sbatch to the last job's end"
states "$W/slurm"
all_completed "$W/slurm" || { tail -n 5 "$W"/slurm/logs/*; fail "a job of the chain did not complete"; }
same=$(same_report "$W/slurm") || { echo "$same"; fail "the report of the chain is not the direct run's"; }
say "$same"

# ---------------------------------------------------------------- cancel one task, resubmit
done_networks() { grep -l '"completed" *: *true' "$1"/runs/tiny/pretrain/*/*/metrics.json 2>/dev/null || true; }
R=$W/resume
chain "$R"
task=$(job "$R" pretrain)_1
log=$R/logs/ionas-pretrain-${task}.out
for _ in $(seq 600); do   # task 1 has finished its first network and started its second
  grep -q '^\[2/' "$log" 2>/dev/null && break
  sleep 0.2
done
grep -q '^\[2/' "$log" 2>/dev/null || fail "pretraining task $task never reached its second network"
scancel "$task"
say "cancelled pretraining task $task while it trained its second network ($(grep -o '^\[[0-9]*/[0-9]*\] [a-z]*/[0-9a-f]\{8\}' "$log" | tail -1))"
wait_chain "$R"
states "$R"
before=$(done_networks "$R" | sort)
n_before=$(grep -c . <<< "$before" || true)
md5_before=$(for f in $before; do md5sum "$f" "$(dirname "$f")/checkpoint.safetensors"; done)
mv "$R/jobs" "$R/jobs-cancelled"
t0=$(date +%s)
chain "$R"
wait_chain "$R"
say "resubmitted chain: $(( $(date +%s) - t0 )) s"
states "$R"
all_completed "$R" || { tail -n 5 "$R"/logs/*; fail "a job of the resubmitted chain did not complete"; }
id=$(job "$R" pretrain)
trained=$(cat "$R"/logs/ionas-pretrain-"$id"_*.out | sed -n 's/^shard [0-9/]*: \([0-9]*\) trained, \([0-9]*\) already done.*/\1 \2/p' | awk '{t += $1; s += $2} END {print t + 0, s + 0}')
read -r redone skipped <<< "$trained"
total=$(done_networks "$R" | wc -l)
say "cancel and resubmit: $n_before of $total networks done before, $redone trained again, $skipped skipped"
((n_before < total)) || fail "the cancelled task had already finished all its networks: nothing was missing"
((redone == total - n_before && skipped == n_before)) || fail "expected $((total - n_before)) networks trained again and $n_before skipped"
md5sum --quiet -c <<< "$md5_before" || fail "a network finished before the cancel was written again"
say "the $n_before networks done before are untouched (metrics.json and checkpoint unchanged)"
same=$(same_report "$R") || { echo "$same"; fail "the report after the resubmission is not the direct run's"; }
say "$same (after cancel and resubmit)"
say "passed in $(( $(date +%s) - t_start )) s"

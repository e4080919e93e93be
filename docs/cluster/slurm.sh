#!/bin/bash
# `ionas reproduce` on a Slurm cluster: each step of the chain is a job that runs
# `reproduce --step NAME` (the same command lines as the one-machine run), the sharded steps as job
# arrays (`--shard $SLURM_ARRAY_TASK_ID/N`), each waiting for the last with `afterok`; a final
# `reproduce` finds every step done, joins the searches, predicts and writes the report. One script
# for every preset, settings by name (defaults: the paper's run):
#
#   RUNS=/shared/ionas-runs DATA=/shared/ionas-data GPU=--gres=gpu:1 bash docs/cluster/slurm.sh
#   PRESET=tiny RUNS=runs/tiny DATA=~/ionas-data CPUS=1 PRETRAIN_SHARDS=2 EXTRACT_SHARDS=2 SEARCH_SHARDS=2 bash docs/cluster/slurm.sh
#
# Every step skips finished work, so resubmitting after a failure or a cancelled task redoes only
# what is missing. Prints one line per job: its step and job id (tests/slurm/run.sh reads them).
set -euo pipefail

PRESET=${PRESET:-paper}                # reproduce --preset: paper, small, quick or tiny
RUNS=${RUNS:?set RUNS to a folder on the shared file system (reproduce --out)}
DATA=${DATA:?set DATA to the folder with cifar-10-batches-bin/ and nasbench101/}
REPORT=${REPORT:-$RUNS/report}         # reproduce --report
IONAS=${IONAS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/ionas} # or: java --add-modules jdk.incubator.vector -jar ionas.jar
GPU=${GPU:-}                           # the training jobs' GPU request, e.g. --gres=gpu:1; empty on a CPU cluster
DEVICE=${DEVICE:-$([[ -n $GPU ]] && echo cuda:0 || echo cpu)} # what the training steps run on
CPUS=${CPUS:-4}                        # CPUs per task
MEM=${MEM:-}                           # memory of the join, extended-model and report jobs, e.g. 64G; empty: the cluster's default
TIME=${TIME:-}                         # one time limit for every job, e.g. 00:30:00; empty: each step's own (sized for paper)
PRETRAIN_SHARDS=${PRETRAIN_SHARDS:-64} # paper: 685 networks, about 11 per task
EXTRACT_SHARDS=${EXTRACT_SHARDS:-16}   # the same networks, run on the images
SEARCH_SHARDS=${SEARCH_SHARDS:-10}     # paper: 500 seeds per search, 50 per task
SBATCH_OPTS=${SBATCH_OPTS:-}           # for every job: partition, account, ...
IONAS_OPTS=${IONAS_OPTS:-}             # global ionas options, e.g. --progress lines
REPRODUCE_OPTS=${REPRODUCE_OPTS:-}     # more reproduce options, e.g. --benchmark FILE
LOGS=${LOGS:-$RUNS/slurm-logs}         # the jobs' output files
DRY_RUN=${DRY_RUN:-}                   # non-empty: print the sbatch command lines instead of submitting
export IONAS_CACHE=${IONAS_CACHE:-$RUNS/cache} # the enumerated space, computed once by the first job and shared

for v in CPUS PRETRAIN_SHARDS EXTRACT_SHARDS SEARCH_SHARDS; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || { echo "slurm.sh: $v must be a whole number of at least 1, not '${!v}'" >&2; exit 2; }
done
[[ -n $DRY_RUN ]] || mkdir -p "$LOGS"

# reproduce STEP [SHARDS]: the job's command line; with SHARDS, each array task takes its shard
reproduce() {
  local line="$IONAS --data $DATA${IONAS_OPTS:+ $IONAS_OPTS} reproduce --preset $PRESET --out $RUNS${REPRODUCE_OPTS:+ $REPRODUCE_OPTS}"
  case $1${2:+ shards} in
    space|search*|io-dataset) ;;                  # CPU work (the IO dataset's join too): --device is left at cpu
    report) line+=" --device $DEVICE --report $REPORT" ;; # the report says what the steps ran on
    *) line+=" --device $DEVICE" ;;
  esac
  [[ $1 == report ]] || line+=" --step $1"
  [[ -z ${2:-} ]] || line+=" --shard \$SLURM_ARRAY_TASK_ID/$2"
  echo "$line"
}

jobs=0
# submit STEP TIME SBATCH-OPTIONS...: submits one job (or array) and prints "STEP JOBID"
submit() {
  local step=$1 time=${TIME:-$2}; shift 2
  local out="$LOGS/ionas-$step-%j.out"
  [[ " $* " == *" --array="* ]] && out="$LOGS/ionas-$step-%A_%a.out"
  local args=(--parsable --job-name="ionas-$step" --time="$time" --cpus-per-task="$CPUS" --kill-on-invalid-dep=yes --output="$out" $SBATCH_OPTS "$@")
  local id
  if [[ -n $DRY_RUN ]]; then
    jobs=$((jobs + 1)); id=$jobs
    printf 'sbatch' >&2; printf ' %q' "${args[@]}" >&2; echo >&2
  else
    id=$(sbatch "${args[@]}")
  fi
  echo "$step $id"
  last=$id
}
array() { echo "--array=0-$(($1 - 1))"; }
mem() { [[ -z $MEM ]] || echo "--mem=$MEM"; }

# 1. the space (about 10 s for the whole of it)
submit space 00:10:00 --wrap "$(reproduce space)"; space=$last
# 2. pretraining (paper: 608 + 77 networks of 12 epochs)
submit pretrain 12:00:00 --dependency=afterok:$space $(array $PRETRAIN_SHARDS) $GPU --wrap "$(reproduce pretrain $PRETRAIN_SHARDS)"; pretrain=$last
# 3. the IO dataset: extraction shards, then the join that writes the manifest
submit io-dataset-shards 01:00:00 --dependency=afterok:$pretrain $(array $EXTRACT_SHARDS) $GPU --wrap "$(reproduce io-dataset $EXTRACT_SHARDS)"; extract=$last
submit io-dataset 01:00:00 --dependency=afterok:$extract $(mem) --wrap "$(reproduce io-dataset)"; iodata=$last
# 4. arch2vec and the extended model, each one job that also embeds the space; a partition with a
#    short time limit can cut them into slots: resubmitting resumes from the last epoch
submit arch2vec 04:00:00 --dependency=afterok:$space $GPU --wrap "$(reproduce arch2vec)"; a2v=$last
submit io-model 48:00:00 --dependency=afterok:$iodata $(mem) $GPU --wrap "$(reproduce io-model)"; iomodel=$last
# 5. the searches on every embedding, sharded by seed (CPU only)
submit search 06:00:00 --dependency=afterok:$a2v:$iomodel $(array $SEARCH_SHARDS) --wrap "$(reproduce search $SEARCH_SHARDS)"; search=$last
# 6. reproduce finds every step done: it joins the searches, runs the prediction and writes the report;
#    on the training steps' device, which it checks is usable and records in the report
submit report 04:00:00 --dependency=afterok:$search $(mem) $GPU --wrap "$(reproduce report)"

#!/bin/bash
# The `paper` preset of ionas on a Slurm cluster: every sharded step as a job array, each joined by
# a job that waits for the whole array (afterok) and finds every shard's output done.
#
#   RUNS=/shared/ionas-runs DATA=/shared/ionas-data bash docs/cluster/slurm-paper.sh
#
# Every step skips finished work, so resubmitting this script after a failure only redoes what is
# missing. Adjust the partitions, GPU requests and array sizes to your cluster (docs/cluster.md).
set -euo pipefail

RUNS=${RUNS:?set RUNS to a folder on the shared file system}
DATA=${DATA:?set DATA to the folder with cifar-10-batches-bin/ and nasbench101/}
IONAS=${IONAS:-$PWD/ionas}            # the launcher; or: java --add-modules jdk.incubator.vector -jar ionas.jar
PRETRAIN_SHARDS=${PRETRAIN_SHARDS:-64} # 685 networks: about 11 per task
SEARCH_SHARDS=${SEARCH_SHARDS:-10}     # 500 seeds per search: 50 per task
GPU=${GPU:---gres=gpu:1}
export IONAS_CACHE=$RUNS/cache        # the enumerated space, computed once and shared
common="--data $DATA"

submit() { sbatch --parsable "$@"; }

# 1. the space (about 10 s) -------------------------------------------------------------------
space=$(submit --job-name=ionas-space --time=00:10:00 --cpus-per-task=4 \
  --wrap "$IONAS $common nb101 enumerate")

# 2. pretraining: 608 + 77 networks, 12 epochs each -------------------------------------------
pretrain=$(submit --job-name=ionas-pretrain --dependency=afterok:$space --array=0-$((PRETRAIN_SHARDS - 1)) \
  --time=12:00:00 --cpus-per-task=4 $GPU \
  --wrap "$IONAS $common pretrain --select 608,77 --preset paper --out $RUNS/pretrain --shard \$SLURM_ARRAY_TASK_ID/$PRETRAIN_SHARDS")

# 3. the IO dataset: extraction shards, then the join that writes the manifest ----------------
extract=$(submit --job-name=ionas-io-extract --dependency=afterok:$pretrain --array=0-15 --time=01:00:00 --cpus-per-task=4 $GPU \
  --wrap "$IONAS $common io-dataset build --pretrained $RUNS/pretrain --out $RUNS/io-dataset --shard \$SLURM_ARRAY_TASK_ID/16")
iodata=$(submit --job-name=ionas-io-join --dependency=afterok:$extract --time=01:00:00 --cpus-per-task=8 --mem=32G \
  --wrap "$IONAS $common io-dataset build --pretrained $RUNS/pretrain --out $RUNS/io-dataset")

# 4. arch2vec (8 epochs) and the extended model (30 epochs); --until-epoch cuts long jobs into
#    slots if your partition has a short time limit (resubmit: it resumes)
a2v=$(submit --job-name=ionas-arch2vec --dependency=afterok:$space --time=04:00:00 --cpus-per-task=8 $GPU \
  --wrap "$IONAS $common arch2vec train --out $RUNS/arch2vec && $IONAS $common arch2vec embed --checkpoint $RUNS/arch2vec/checkpoint.safetensors --out $RUNS/embeddings/arch2vec-8ep.safetensors")
iomodel=$(submit --job-name=ionas-io-model --dependency=afterok:$iodata --time=48:00:00 --cpus-per-task=8 --mem=64G $GPU \
  --wrap "$IONAS $common io-model train --preset paper --io $RUNS/io-dataset --out $RUNS/io-model && for e in 10 30; do for k in model reference; do $IONAS $common io-model embed --run $RUNS/io-model --epoch \$e --kind \$k --out $RUNS/embeddings/\$( [ \$k = model ] && echo io-model || echo reference-arch2vec )-\${e}ep.safetensors; done; done")

# 5. search: 500 seeds of each algorithm on each embedding, sharded; CPU only ---------------------
search=$(submit --job-name=ionas-search --dependency=afterok:$a2v:$iomodel --array=0-$((SEARCH_SHARDS - 1)) --time=06:00:00 --cpus-per-task=8 \
  --wrap "for f in $RUNS/embeddings/*.safetensors; do $IONAS $common search --embeddings \$f --algorithms reinforce,dngo,random,evolution --runs 500 --out $RUNS/search --shard \$SLURM_ARRAY_TASK_ID/$SEARCH_SHARDS; done")

# 6. prediction, then the report (reproduce finds every step done and only summarises) ----------
submit --job-name=ionas-report --dependency=afterok:$search --time=04:00:00 --cpus-per-task=8 --mem=32G \
  --wrap "$IONAS $common reproduce --preset paper --out $RUNS --report $RUNS/report"

#!/usr/bin/env bash
# A hostile-input pass over the commands (issue 13): bad options, damaged or crafted files, reruns
# that do not match, two runs sharing a folder. Each case says what a careful tool must do, runs the
# built jar, and is classed by what happened (.ci/run runs it after the tests; it fails unless
# every case is clear):
#   clear    the run failed with an "error:" message and no stack trace (or, for a run that must
#            work, it worked)
#   crash    a stack trace or an internal exception's name reached the user
#   silent   the run exited 0 where it had to refuse
#   lost     work that was done is gone
# It prints a line per case and the tally. Needs experiments/target/ionas.jar (./ionas --version
# builds it) and python3 (to craft files); takes about two minutes.
#
#   bash .ci/hostile-inputs.sh
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/experiments/target/ionas.jar
[[ -f "$JAR" ]] || { echo "hostile-inputs.sh: no $JAR: run ./ionas --version first" >&2; exit 1; }
command -v python3 >/dev/null || { echo "hostile-inputs.sh: no python3 to craft the files: the hostile-input pass is skipped" >&2; exit 0; }
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
[[ -x "$JAVA" ]] || JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"

ionas() { "$JAVA" ${HEAP:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$JAR" --progress off "$@"; }

declare -A TALLY=([clear]=0 [crash]=0 [silent]=0 [lost]=0)
N=0
# case NAME EXPECT(error|works) COMMAND...: runs it and classes the outcome
case_() {
  local name=$1 expect=$2; shift 2
  N=$((N + 1))
  local out code class
  out=$("$@" 2>&1); code=$?
  if grep -qE '^\s+at [a-z]+\.|Exception in thread|^[A-Za-z.]*(Exception|Error):' <<< "$out"; then
    class=crash
  elif [[ $expect == error ]]; then
    if [[ $code == 0 ]]; then class=silent; else class=clear; fi
  else
    if [[ $code == 0 ]]; then class=clear; else class=crash; fi
  fi
  TALLY[$class]=$((TALLY[$class] + 1))
  # a usage error (exit 2) prints its message first, then the usage, whose lines also say "error"
  local said
  if [[ $code == 2 ]]; then said=$(grep -v -m1 "^WARNING: Using incubator" <<< "$out"); else said=$(grep -m1 -E 'error|Error' <<< "$out"); fi
  printf '%-7s %-62s exit %-3s %s\n' "$class" "$name" "$code" "$(cut -c1-150 <<< "$said")"
}

# ---------------------------------------------------------------- crafted inputs
python3 - <<'PY'
import json, os, random, struct
random.seed(1)
os.makedirs("data/cifar-10-batches-bin", exist_ok=True)
def cifar(name, n, label=None):
    with open("data/cifar-10-batches-bin/" + name, "wb") as f:
        for i in range(n):
            f.write(bytes([label if label is not None else i % 10]) + os.urandom(3072))
for i in range(1, 6): cifar(f"data_batch_{i}.bin", 20)
cifar("test_batch.bin", 20)
hashes = ["%032x" % random.getrandbits(128) for _ in range(300)]
def safetensors(path, values, shape, dtype="F32", extra=None, header_override=None, keys=None):
    data = struct.pack("<%df" % len(values), *values)
    # NAS-Bench-101's hashes (version 1), or keys that are not hashes, a line each (version 2)
    meta = {"version": "2", "keys": "\n".join(keys)} if keys else {"version": "1", "hashes": "".join(hashes)}
    head = {"__metadata__": dict({"format": "ionas-arch2vec-embeddings"}, **meta),
            "embeddings": {"dtype": dtype, "shape": shape, "data_offsets": [0, len(data)]}}
    text = header_override if header_override is not None else json.dumps(head)
    h = text.encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + data)
good = [random.gauss(0, 1) for _ in range(300 * 8)]
safetensors("emb.safetensors", good, [300, 8])
safetensors("nan.safetensors", [float("nan")] * (300 * 8), [300, 8])
safetensors("i32.safetensors", good, [300, 8], dtype="I32")
safetensors("huge.safetensors", good, [300, 8], header_override=json.dumps({"embeddings": {"dtype": "F32", "shape": [4294967596, 8], "data_offsets": [0, 9600]}}))
safetensors("dup.safetensors", good, [300, 8], header_override='{"embeddings": {"dtype": "F32", "shape": [300, 8], "data_offsets": [0, 9600]}, "embeddings": {"dtype": "F32", "shape": [300, 8], "data_offsets": [0, 9600]}}')
raw = open("emb.safetensors", "rb").read()
open("cut.safetensors", "wb").write(raw[: len(raw) - 100])
open("empty.safetensors", "wb").write(b"")
def records(path, acc=None, text=None):
    acc = acc or [0.8 + 0.1 * random.random() for _ in hashes]
    body = text or json.dumps({"key": hashes, "108_final_validation_accuracy": acc,
                               "final_training_time": [1000 + 1000 * random.random() for _ in hashes],
                               "trainable_parameters": [1000] * len(hashes)})
    open(path, "w").write(body)
records("bench.json")
records("bench-5.json", acc=[5.0] + [0.9] * 299)
records("bench-nan.json", text=json.dumps({"key": hashes, "108_final_validation_accuracy": [0.9] * 299 + [None],
                                           "final_training_time": [1000] * 300, "trainable_parameters": [1] * 300}).replace("null", "NaN"))
records("bench-dup.json", text=json.dumps({"key": hashes, "108_final_validation_accuracy": [0.9] * 300,
        "final_training_time": [1000] * 300, "trainable_parameters": [1] * 300})[:-1] + ', "108_final_validation_accuracy": ' + json.dumps([1.0] * 300) + "}")
records("bench-upper.json", text=json.dumps({"key": [h.upper() for h in hashes], "108_final_validation_accuracy": [0.8 + 0.0001 * i for i in range(300)],
        "final_training_time": [1000] * 300, "trainable_parameters": [1] * 300}))
cell = {"matrix": [[0, 1, 0], [0, 0, 1], [0, 0, 0]], "ops": ["input", "conv3x3-bn-relu", "output"]}
json.dump([dict(cell, name="a")], open("cells.json", "w"))
json.dump([dict(cell, name="../escaped")], open("cells-escape.json", "w"))
json.dump([dict(cell, name="same"), dict(cell, name="same", ops=["input", "conv1x1-bn-relu", "output"])], open("cells-dup.json", "w"))
open("cells-bad.json", "w").write('[{"name": "a", "matrix": [[0, 1], ')
# NAS-Bench-201: 60 cells (base-5 ordinals i * 101, ops in ionas's order), their records and embeddings keyed by string
OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
def nb201_arch(ordinal):
    ops = []
    for _ in range(6):
        ops.append(OPS[ordinal % 5]); ordinal //= 5
    ops.reverse()
    e, groups = 0, []
    for j in range(1, 4):
        groups.append("|" + "|".join(ops[e + i] + "~" + str(i) for i in range(j)) + "|"); e += j
    return "+".join(groups)
archs = [nb201_arch(i * 101) for i in range(60)]
def nb201_records(path, cells):
    json.dump({"source": "made up by hostile-inputs.sh", "cells": cells}, open(path, "w"))
acc = lambda: {"cifar10": 80 + 10 * random.random(), "cifar100": 50 + 10 * random.random(), "ImageNet16-120": 30 + 10 * random.random()}
nb201_records("nb201.json", [{"index": i, "arch": a, "val_acc": acc()} for i, a in enumerate(archs)])
nb201_records("nb201-noimagenet.json", [{"index": i, "arch": a, "val_acc": {"cifar10": 85, "cifar100": 55}} for i, a in enumerate(archs)])
nb201_records("nb201-badarch.json", [{"index": 0, "arch": "|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|", "val_acc": acc()}])
safetensors("emb201.safetensors", [random.gauss(0, 1) for _ in range(60 * 8)], [60, 8], keys=archs)
PY
mkdir -p data-cut/cifar-10-batches-bin && cp data/cifar-10-batches-bin/* data-cut/cifar-10-batches-bin/
head -c 1000 data/cifar-10-batches-bin/test_batch.bin > data-cut/cifar-10-batches-bin/test_batch.bin
mkdir -p data-label/cifar-10-batches-bin && cp data/cifar-10-batches-bin/* data-label/cifar-10-batches-bin/
printf '\x0c' | dd of=data-label/cifar-10-batches-bin/test_batch.bin bs=1 seek=0 conv=notrunc 2>/dev/null

S=(--benchmark bench.json --runs 2 --algorithms random --budget 20000)
P=(pretrain --preset tiny --stem 4 --epochs 1 --train-images 60 --test-images 20)

# ---------------------------------------------------------------- options
case_ "search --algorithms ,"                               error ionas search --embeddings emb.safetensors --benchmark bench.json --algorithms , --out o1
case_ "search --budget 0"                                   error ionas search --embeddings emb.safetensors "${S[@]:0:6}" --budget 0 --out o1
case_ "search --budget NaN"                                 error ionas search --embeddings emb.safetensors "${S[@]:0:6}" --budget NaN --out o1
case_ "search --runs 0"                                     error ionas search --embeddings emb.safetensors --benchmark bench.json --runs 0 --out o1
case_ "search --label ../escaped"                           error ionas search --embeddings emb.safetensors "${S[@]}" --label ../escaped --out o1
case_ "predict --sizes 100000"                              error ionas predict --embeddings emb.safetensors --benchmark bench.json --sizes 100000 --out p1
case_ "predict --sizes 1"                                   error ionas predict --embeddings emb.safetensors --benchmark bench.json --sizes 1 --out p1
case_ "pretrain --until-epoch 0"                            error ionas --data=data --cifar-any-size "${P[@]}" --cells cells.json --until-epoch 0 --out t0
case_ "--data that does not exist"                          error ionas --data=nowhere "${P[@]}" --cells cells.json --out t0
# ---------------------------------------------------------------- data files
case_ "CIFAR test batch cut to 1,000 bytes"                 error ionas --data=data-cut --cifar-any-size "${P[@]}" --cells cells.json --out t1
case_ "CIFAR batches of 20 images without --cifar-any-size" error ionas --data=data "${P[@]}" --cells cells.json --out t1
case_ "CIFAR label 12"                                      error ionas --data=data-label --cifar-any-size "${P[@]}" --cells cells.json --out t1
case_ "cell list naming ../escaped"                         error ionas --data=data --cifar-any-size "${P[@]}" --cells cells-escape.json --out t2
case_ "cell list with one name twice"                       error ionas --data=data --cifar-any-size "${P[@]}" --cells cells-dup.json --out t2
case_ "cell list that is not JSON"                          error ionas --data=data --cifar-any-size "${P[@]}" --cells cells-bad.json --out t2
# a small heap, so that running out of it takes a moment on any machine
HEAP=-Xmx512m case_ "pretrain --stem 12000 (out of heap)"         error ionas --data=data --cifar-any-size pretrain --preset tiny --stem 12000 --cells cells.json --out t3
case_ "embeddings all NaN (search)"                         error ionas search --embeddings nan.safetensors "${S[@]}" --out o2
case_ "embeddings all NaN (predict)"                        error ionas predict --embeddings nan.safetensors --benchmark bench.json --sizes 50 --out p2
case_ "embeddings stored as I32"                            error ionas search --embeddings i32.safetensors "${S[@]}" --out o2
case_ "safetensors shape [2^32 + 300, 8]"                   error ionas search --embeddings huge.safetensors "${S[@]}" --out o2
case_ "safetensors header with a name twice"                error ionas search --embeddings dup.safetensors "${S[@]}" --out o2
case_ "safetensors cut short"                               error ionas search --embeddings cut.safetensors "${S[@]}" --out o2
case_ "safetensors file of 0 bytes"                         error ionas search --embeddings empty.safetensors "${S[@]}" --out o2
case_ "records with an accuracy of 5.0"                     error ionas search --embeddings emb.safetensors --benchmark bench-5.json --runs 1 --out o3
case_ "records with a NaN accuracy"                         error ionas search --embeddings emb.safetensors --benchmark bench-nan.json --runs 1 --out o3
case_ "records with a JSON key given twice"                 error ionas search --embeddings emb.safetensors --benchmark bench-dup.json --runs 1 --out o3
case_ "records with upper-case hashes (must work)"          works ionas search --embeddings emb.safetensors --benchmark bench-upper.json --runs 1 --algorithms random --budget 20000 --out o4
# ---------------------------------------------------------------- NAS-Bench-201
B201=(--space nb201 --embeddings emb201.safetensors --benchmark nb201.json)
case_ "nb201 search on ImageNet16-120 (must work)"          works ionas search "${B201[@]}" --dataset ImageNet16-120 --algorithms random,evolution --runs 2 --out o7
case_ "nb201 search --budget 2.5 (queries are whole)"       error ionas search "${B201[@]}" --algorithms random --runs 1 --budget 2.5 --out o7
case_ "nb201 search --dataset cifar1000"                    error ionas search "${B201[@]}" --dataset cifar1000 --runs 1 --out o7
case_ "--dataset cifar100 on NAS-Bench-101"                 error ionas predict --embeddings emb.safetensors --benchmark bench.json --dataset cifar100 --out p7
case_ "nb201 search --ei-target 95"                         error ionas search "${B201[@]}" --algorithms dngo --ei-target 95 --runs 1 --out o7
case_ "nb201 records without ImageNet16-120 accuracies"     error ionas search --space nb201 --embeddings emb201.safetensors --benchmark nb201-noimagenet.json --dataset ImageNet16-120 --runs 1 --out o7
case_ "nb201 records with an op that does not exist"        error ionas nb201 info --benchmark nb201-badarch.json
# ---------------------------------------------------------------- work that knows what it is
case_ "pretrain a network (must work)"                      works ionas --data=data --cifar-any-size "${P[@]}" --cells cells.json --out t4
case_ "pretrain it again with another --epochs"             error ionas --data=data --cifar-any-size pretrain --preset tiny --stem 4 --epochs 2 --train-images 60 --test-images 20 --cells cells.json --out t4
case_ "search (must work)"                                  works ionas search --embeddings emb.safetensors "${S[@]}" --out o5
case_ "search again with another --budget"                  error ionas search --embeddings emb.safetensors --benchmark bench.json --runs 2 --algorithms random --budget 40000 --out o5
case_ "search again on other embeddings, same label"        error ionas search --embeddings i32.safetensors --benchmark bench.json --runs 2 --algorithms random --budget 20000 --label emb --out o5
case_ "predict (must work)"                                 works ionas predict --embeddings emb.safetensors --benchmark bench.json --sizes 50 --seeds 2 --out p5
f=$(ls p5/emb/rf/n50-seed1.json 2>/dev/null || find p5 -name 'n50-seed1.json' | head -1)
printf '[{"size": 50, ' > "$f"
case_ "predict again after a result file was damaged"       error ionas predict --embeddings emb.safetensors --benchmark bench.json --sizes 50 --seeds 2 --out p5
# two processes sharing --out: every seed is run exactly once between them
ionas search --embeddings emb.safetensors --benchmark bench.json --runs 40 --algorithms reinforce --budget 20000 --threads 1 --out o6 > a.log 2>&1 &
ionas search --embeddings emb.safetensors --benchmark bench.json --runs 40 --algorithms reinforce --budget 20000 --threads 1 --out o6 > b.log 2>&1
wait
now=$(grep -ho 'runs ([0-9]* now' a.log b.log | grep -o '[0-9]* now' | awk '{s += $1} END {print s}')
N=$((N + 1))
if [[ $now == 40 ]]; then TALLY[clear]=$((TALLY[clear] + 1)); c=clear; else TALLY[silent]=$((TALLY[silent] + 1)); c=silent; fi
printf '%-7s %-62s %s\n' "$c" "two searches sharing --out: 40 seeds run" "$now runs computed between them (each seed once: 40)"
files=$(ls o6/emb/reinforce/seed-*.json 2>/dev/null | wc -l)
N=$((N + 1))
if [[ $files == 40 ]]; then TALLY[clear]=$((TALLY[clear] + 1)); c=clear; else TALLY[lost]=$((TALLY[lost] + 1)); c=lost; fi
printf '%-7s %-62s %s\n' "$c" "... and every seed's file is there" "$files of 40"

echo
echo "$N cases: ${TALLY[clear]} clear (errors that name the problem, or runs that worked), ${TALLY[crash]} crashes, ${TALLY[silent]} silent wrong results, ${TALLY[lost]} with work lost"
(( TALLY[crash] + TALLY[silent] + TALLY[lost] == 0 ))

"""Checks docs/cluster/k8s-pretrain-job.yaml against docs/cluster/slurm.sh, which tests/slurm/run.sh
runs on a real Slurm: every Job parses; its ionas command line is one that slurm.sh submits for the
paper run (slurm.sh's DRY_RUN mode prints them), with the shard index in place of the array task id;
its environment shares the space cache as slurm.sh does; a pod with a GPU trains on it; and an
Indexed Job's completions and --shard i/n, like slurm.sh's arrays, take every item exactly once.

    python3 tests/slurm/check-k8s.py [-v]
"""
import os
import shlex
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANIFEST = os.path.join(ROOT, "docs/cluster/k8s-pretrain-job.yaml")
INDEX = "INDEX"  # the shard index: $SLURM_ARRAY_TASK_ID in Slurm, ${JOB_COMPLETION_INDEX} in Kubernetes
PAPER_NETWORKS = 608 + 77  # the items of the pretraining and extraction steps in the paper's run


def slurm_jobs():
    """slurm.sh's jobs for the paper run with the manifests' folders: {ionas arguments: (job name, array size or None, GPU request)}."""
    env = dict(os.environ, DRY_RUN="1", PRESET="paper", RUNS="/runs", DATA="/data", GPU="--gres=gpu:1", IONAS="ionas")
    env.pop("IONAS_CACHE", None)
    printed = subprocess.run(["bash", os.path.join(ROOT, "docs/cluster/slurm.sh")], env=env, capture_output=True, text=True, check=True).stderr
    jobs = {}
    for line in printed.splitlines():
        args = shlex.split(line)
        opts = dict(a[2:].split("=", 1) for a in args if a.startswith("--") and "=" in a)
        wrap = shlex.split(args[args.index("--wrap") + 1].replace("$SLURM_ARRAY_TASK_ID", INDEX))
        tasks = None
        if "array" in opts:
            first, last = opts["array"].split("-")
            tasks = int(last) - int(first) + 1
            check(first == "0", f"{opts['job-name']}: array from 0, so that task ids are shard indices")
        jobs[tuple(wrap[1:])] = (opts["job-name"], tasks, "--gres=gpu:1" in args)
    return jobs


failures = []


passed = []


def check(ok, what):
    if ok:
        passed.append(what)
        if "-v" in sys.argv:
            print("ok      " + what)
    else:
        print("FAILED  " + what)
        failures.append(what)


def covers_once(count, indices, n):
    """Whether tasks 0..indices-1, each with `--shard i/n`, take each of `count` items exactly once (Shard.owns: item % n == i)."""
    return all(sum(1 for i in range(indices) if item % n == i) == 1 for item in range(count))


def ionas_args(container):
    """The container's ionas arguments: what follows the jar (a `sh -c` line is split as the shell would)."""
    words = container.get("command", []) + container.get("args", [])
    if words[:2] == ["sh", "-c"]:
        words = shlex.split(" ".join(words[2:]))
    jar = next(i for i, w in enumerate(words) if w.endswith("ionas.jar"))
    return tuple(w.replace("${JOB_COMPLETION_INDEX}", INDEX) for w in words[jar + 1:])


def main():
    jobs = slurm_jobs()
    with open(MANIFEST) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    check(len(docs) > 0 and all(d.get("kind") == "Job" for d in docs), f"{os.path.relpath(MANIFEST, ROOT)} parses: {len(docs)} Jobs")
    for job in docs:
        name, spec = job["metadata"]["name"], job["spec"]
        (container,) = spec["template"]["spec"]["containers"]
        args = ionas_args(container)
        match = jobs.get(args)
        check(match is not None, f"{name}: runs `ionas {' '.join(args)}`, "
              + (f"the command of slurm.sh's {match[0]}" if match else "which slurm.sh does not submit"))
        env = {e["name"]: e["value"] for e in container.get("env", [])}
        check(env.get("IONAS_CACHE") == "/runs/cache", f"{name}: IONAS_CACHE is slurm.sh's, RUNS/cache ({env.get('IONAS_CACHE')})")
        gpu = "nvidia.com/gpu" in container.get("resources", {}).get("limits", {})
        check(gpu == ("--device" in args and args[args.index("--device") + 1].startswith("cuda")),
              f"{name}: {'a GPU and --device cuda:0' if gpu else 'no GPU and no --device cuda'}")
        if match:
            check(gpu == match[2], f"{name}: asks for a GPU as slurm.sh's {match[0]} does ({gpu})")
        sharded = "--shard" in args
        indexed = spec.get("completionMode") == "Indexed"
        check(sharded == indexed, f"{name}: {'an Indexed Job with --shard' if indexed else 'one pod, no --shard'}")
        if sharded:
            index, n = args[args.index("--shard") + 1].split("/")
            completions = spec.get("completions", 1)
            check(index == INDEX and int(n) == completions, f"{name}: --shard INDEX/{n} over {completions} completions")
            check(covers_once(PAPER_NETWORKS, completions, int(n)), f"{name}: indices 0..{completions - 1} take each of {PAPER_NETWORKS} networks once")
            check(match is None or match[1] == completions, f"{name}: as many shards as slurm.sh's {match[0] if match else '?'} array ({match[1] if match else '?'})")
    for args, (name, tasks, _) in jobs.items():
        if tasks:
            n = int(args[args.index("--shard") + 1].split("/")[1])
            check(covers_once(PAPER_NETWORKS, tasks, n), f"slurm.sh {name}: tasks 0..{tasks - 1} with --shard INDEX/{n} take each of {PAPER_NETWORKS} items once")
    if failures:
        sys.exit(f"Kubernetes manifests: {len(failures)} of {len(passed) + len(failures)} checks failed")
    print(f"Kubernetes manifests: {len(docs)} Jobs parse; their commands are slurm.sh's; Indexed Job and Slurm arrays take each of"
          f" {PAPER_NETWORKS} items once ({len(passed)} checks; -v lists them)")


main()

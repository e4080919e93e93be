#!/usr/bin/env bash
# Compiles every *.cu in this folder to PTX, run by the Maven build (kernels/pom.xml, phase
# process-resources):
#
#   bash src/main/cuda/ptx.sh src/main/cuda target/classes/ionas/kernels/cuda
#
# For each NAME.cu it writes OUT/NAME.ptx with
#
#   nvcc -ptx -arch=compute_80 -O3 NAME.cu -o NAME.ptx
#
# (compute_80 PTX runs on Ampere, and the driver JIT-compiles it for Hopper and newer; no
# --use_fast_math: the kernels must give IEEE results comparable with the CPU loops), and
# OUT/modules.txt, the module names one a line, which PtxModules.available() reads.
# A compile error fails the build. Without nvcc on PATH it prints one line and writes nothing:
# the jar then holds no PTX and the CUDA backend reports itself unavailable.
set -euo pipefail
src="$1"; out="$2"
if ! command -v nvcc >/dev/null 2>&1 || ! nvcc --version >/dev/null 2>&1; then
  echo "[cuda] nvcc not found on PATH: skipping the PTX build; the CUDA backend will be unavailable"
  exit 0
fi
mkdir -p "$out"
shopt -s nullglob
names=()
for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"; names+=("$name")
  ptx="$out/$name.ptx"
  fresh=1
  for dep in "$cu" "$src"/*.cuh; do [[ -f "$ptx" && "$ptx" -nt "$dep" ]] || fresh=0; done
  if (( fresh )); then continue; fi   # newer than its .cu and every shared header
  nvcc -ptx -arch=compute_80 -O3 "$cu" -o "$ptx.tmp"
  mv "$ptx.tmp" "$ptx"
done
printf '%s\n' "${names[@]}" > "$out/modules.txt"
echo "[cuda] $(nvcc --version | tail -n 2 | head -n 1 | sed 's/^Cuda compilation tools, //'): ${#names[@]} PTX module(s) (${names[*]}) in $out"

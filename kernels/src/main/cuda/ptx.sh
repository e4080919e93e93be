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
#
# The PTX ISA version: a driver loads PTX only up to the ISA of its own CUDA release, and nvcc
# stamps its newest (nvcc 13.0 writes ".version 9.0", which only CUDA 13 drivers, R580+, accept).
# Nothing here needs an ISA newer than 8.0 (CUDA 12.0: mma.sync tf32 and cp.async are 7.0), so
# the header is set to PTX_ISA (8.0) when ptxas, which checks every instruction against the
# declared ISA, accepts the file so; CUDA 12.0 drivers and newer (R525+) then load it. Without
# ptxas, or where it refuses, nvcc's own version stays and the build says so.
# A compile error fails the build. Without nvcc on PATH it prints one line and writes nothing:
# the jar then holds no PTX and the CUDA backend reports itself unavailable.
set -euo pipefail
src="$1"; out="$2"
PTX_ISA=8.0
if ! command -v nvcc >/dev/null 2>&1 || ! nvcc --version >/dev/null 2>&1; then
  echo "[cuda] nvcc not found on PATH: skipping the PTX build; the CUDA backend will be unavailable"
  exit 0
fi
# Rewrites the .version line of PTX file $1 to PTX_ISA if ptxas accepts the result for sm_80.
pin_isa() {
  local file="$1" pinned="$1.isa"
  sed "s/^\.version [0-9.]*\$/.version $PTX_ISA/" "$file" > "$pinned"
  if command -v ptxas >/dev/null 2>&1 && ptxas -arch=sm_80 "$pinned" -o /dev/null 2>/dev/null; then
    mv "$pinned" "$file"
  else
    rm -f "$pinned"
    echo "[cuda] $(basename "${file%.tmp}"): kept nvcc's $(grep -m1 '^\.version' "$file") (ptxas missing or refused .version $PTX_ISA): needs a driver of that CUDA release"
  fi
}

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
  pin_isa "$ptx.tmp"
  mv "$ptx.tmp" "$ptx"
done
printf '%s\n' "${names[@]}" > "$out/modules.txt"
echo "[cuda] $(nvcc --version | tail -n 2 | head -n 1 | sed 's/^Cuda compilation tools, //'): ${#names[@]} PTX module(s) (${names[*]}) in $out"

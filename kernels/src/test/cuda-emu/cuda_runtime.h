// The emulator build finds this file instead of the CUDA toolkit's (see cuda_emu.h).
#pragma once
#include "cuda_emu.h"

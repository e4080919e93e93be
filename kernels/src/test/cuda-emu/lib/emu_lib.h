/*
The kernels of src/main/cuda as one shared library for the Java tests (ionas.tensor.cuda's
EmulatedDeviceDriver): the real backend's launches, with the argument bytes Java packed, run on the
CPU emulator of ../cuda_emu.h. Each lib_NAME.cpp compiles one NAME.cu, wrapped in its own namespace
(so that two files may define same-named helpers), and lists its kernels in a table; emu_lib.cpp
has the extern "C" entry points that Java calls through the FFM API.

Build (what the Java test does, one g++ per file, then one link):
    g++ -std=c++20 -O1 -pthread -fno-strict-aliasing -ffp-contract=off -DIONAS_CUDA_EMU -fPIC \
        -I src/test/cuda-emu -I src/test/cuda-emu/lib -I src/main/cuda -c lib_gemm.cpp ...
    g++ -shared -pthread *.o -o libcudaemu.so
*/
#pragma once

#include "cuda_emu.h"

#include <cstdio>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>

namespace emulib {

// Runs a grid from raw argument bytes; false (with a message in `error`) when they do not fit.
using Runner = bool (*)(dim3 grid, dim3 block, int nargs, void* const* args, const long long* sizes, char* error,
                        int cap);

struct Kernel {
    const char* name;
    int maxThreads;          // its __launch_bounds__, else 1024 (the hardware's limit)
    Runner run;
};

struct Module {
    const char* name;
    const Kernel* kernels;
    int count;
};

// The parameter types P... of the kernel are deduced from its function pointer. The driver
// copies each parameter's bytes from kernelParams[i] by the kernel's own parameter sizes, so a
// wrong count or size on the Java side would read garbage on a GPU; here it is an error instead.
template <class... P, size_t... I>
bool run_with(void (*f)(P...), std::index_sequence<I...>, dim3 grid, dim3 block, int nargs, void* const* args,
              const long long* sizes, char* error, int cap) {
    constexpr long long want[] = {(long long) sizeof(P)..., 0};
    if (nargs != (int) sizeof...(P)) {
        std::snprintf(error, cap, "%d arguments passed, the kernel takes %d", nargs, (int) sizeof...(P));
        return false;
    }
    for (int i = 0; i < nargs; i++) {
        if (sizes[i] != want[i]) {
            std::snprintf(error, cap, "argument %d has %lld bytes, the kernel's parameter %lld", i, sizes[i], want[i]);
            return false;
        }
    }
    // One copy of the parameters, read by every thread (each passes them by value, as on the GPU).
    std::tuple<std::remove_cv_t<P>...> values;
    (std::memcpy((void*) &std::get<I>(values), args[I], sizeof(P)), ...);
    emu::launch(grid, block, [&] { f(std::get<I>(values)...); });
    return true;
}

template <class F> struct Arity;
template <class... P> struct Arity<void (*)(P...)> { static constexpr size_t value = sizeof...(P); };

// The runner of kernel F, for the tables: EMU_KERNEL(namespace, kernel, max threads).
template <auto F>
bool run(dim3 grid, dim3 block, int nargs, void* const* args, const long long* sizes, char* error, int cap) {
    return run_with(F, std::make_index_sequence<Arity<decltype(F)>::value>{}, grid, block, nargs, args, sizes, error, cap);
}

#define EMU_KERNEL(ns, f, maxThreads) emulib::Kernel{#f, maxThreads, &emulib::run<&ns::f>}
#define EMU_MODULE(name, ...)                                                                   \
    static const emulib::Kernel name##_kernels[] = {__VA_ARGS__};                                 \
    extern const emulib::Module emu_module_##name = {#name, name##_kernels,                       \
                                                     (int) (sizeof name##_kernels / sizeof name##_kernels[0])};

} // namespace emulib

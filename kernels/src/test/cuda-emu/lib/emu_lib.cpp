// The extern "C" entry points of the emulator library, called from Java (EmulatedDeviceDriver)
// through the FFM API. "Device memory" is host memory: its addresses are the device pointers the
// kernels receive. Launches run at once, to completion (the stream is synchronous here).
#include "emu_lib.h"

#include <cstdlib>
#include <mutex>

extern const emulib::Module emu_module_conv, emu_module_elementwise, emu_module_gemm, emu_module_index, emu_module_norm,
        emu_module_optim, emu_module_pool, emu_module_random, emu_module_reduce, emu_module_softmax;

static const emulib::Module* const MODULES[] = {&emu_module_conv, &emu_module_elementwise, &emu_module_gemm,
                                                &emu_module_index, &emu_module_norm, &emu_module_optim,
                                                &emu_module_pool, &emu_module_random, &emu_module_reduce,
                                                &emu_module_softmax};

static const emulib::Kernel* find(const char* module, const char* kernel) {
    for (const emulib::Module* m : MODULES) {
        if (std::strcmp(m->name, module) != 0) continue;
        for (int i = 0; i < m->count; i++)
            if (std::strcmp(m->kernels[i].name, kernel) == 0) return &m->kernels[i];
    }
    return nullptr;
}

// The emulator runs one launch at a time (its block state is global), as one stream would.
static std::mutex launching;

extern "C" {

// Every kernel as "module.kernel", i from 0 until it returns null (to check the tables are complete).
const char* cudaemu_kernel_name(int i) {
    static thread_local char name[128];
    for (const emulib::Module* m : MODULES) {
        if (i < m->count) {
            std::snprintf(name, sizeof name, "%s.%s", m->name, m->kernels[i].name);
            return name;
        }
        i -= m->count;
    }
    return nullptr;
}

// The kernel's CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, or -1 when there is no such kernel.
int cudaemu_max_threads(const char* module, const char* kernel) {
    const emulib::Kernel* k = find(module, kernel);
    return k ? k->maxThreads : -1;
}

// 0 on success; otherwise 1 with the reason in `error`, where the driver would refuse the launch
// (no such kernel, a grid or block outside the limits) or a GPU would silently misread the
// arguments (a count or size that does not match the kernel's parameters).
int cudaemu_launch(const char* module, const char* kernel, int gx, int gy, int gz, int bx, int by, int nargs,
                   void* const* args, const long long* sizes, char* error, int cap) {
    const emulib::Kernel* k = find(module, kernel);
    if (!k) {
        std::snprintf(error, cap, "no kernel %s.%s in the emulator library", module, kernel);
        return 1;
    }
    long long threads = (long long) bx * by;
    if (gx < 1 || gy < 1 || gz < 1 || gy > 65535 || gz > 65535 || bx < 1 || by < 1 || bx > 1024 || by > 1024
        || threads > k->maxThreads) {
        std::snprintf(error, cap, "%s.%s: grid (%d, %d, %d) or block (%d, %d) outside the limits (block <= %d threads)",
                      module, kernel, gx, gy, gz, bx, by, k->maxThreads);
        return 1;
    }
    std::lock_guard<std::mutex> lock(launching);
    char why[256];
    if (!k->run(dim3(gx, gy, gz), dim3(bx, by), nargs, args, sizes, why, sizeof why)) {
        std::snprintf(error, cap, "%s.%s: %s", module, kernel, why);
        return 1;
    }
    return 0;
}

// Device memory: 256-byte aligned as cuMemAlloc's, and filled with 0xff bytes (NaN as floats, -1
// as ints) so that reading memory nobody wrote shows up instead of finding convenient zeros. The
// block is followed by `guard` bytes of 0xa5, which the Java side checks after every launch: a
// kernel writing past the end of its block (an output sized too small, a grid too large) changes them.
void* cudaemu_malloc(long long bytes, long long guard) {
    size_t size = (size_t) ((bytes + guard + 255) / 256 * 256);
    unsigned char* p = (unsigned char*) std::aligned_alloc(256, size);
    if (p) {
        std::memset(p, 0xff, (size_t) bytes);
        std::memset(p + bytes, 0xa5, size - (size_t) bytes);
    }
    return p;
}

void cudaemu_free(void* p) { std::free(p); }

// emu::schedule (cuda_emu.h): 0 in order, 1 reversed with yields.
void cudaemu_set_schedule(int s) { emu::schedule = s; }

} // extern "C"

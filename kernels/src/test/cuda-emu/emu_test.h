// Helpers shared by the emu_*.cpp test programs: data, comparisons, one PASS/FAIL line per case,
// and a main loop that runs every case under both schedules of the emulator (cuda_emu.h).
#pragma once

#include "cuda_emu.h"

#include <chrono>
#include <cmath>
#include <cstdarg>
#include <string>
#include <type_traits>

// A small deterministic generator (xorshift64*), so that every run sees the same data.
struct Rng {
    uint64_t s;
    explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull) {}
    uint32_t next() {
        s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
        return (uint32_t) ((s * 0x2545F4914F6CDD1Dull) >> 32);
    }
    float uniform(float lo, float hi) { return lo + (hi - lo) * (float) (next() >> 8) * 0x1.0p-24f; }
    int below(int n) { return (int) (next() % (uint32_t) n); }
    std::vector<float> vec(size_t n, float lo = -1.0f, float hi = 1.0f) {
        std::vector<float> v(n);
        for (auto& x : v) x = uniform(lo, hi);
        return v;
    }
};

inline int g_cases = 0, g_failures = 0;

inline std::string fmt(const char* f, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, f);
    std::vsnprintf(buf, sizeof buf, f, ap);
    va_end(ap);
    return buf;
}

inline void report(const std::string& name, bool ok, const std::string& detail) {
    static auto last = std::chrono::steady_clock::now();
    auto now = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(now - last).count();
    last = now;
    g_cases++;
    if (!ok) g_failures++;
    std::printf("%s [s%d] %s: %s (%.0f ms)\n", ok ? "PASS" : "FAIL", emu::schedule, name.c_str(), detail.c_str(), ms);
    std::fflush(stdout);
}

inline bool same_float(float a, float b) {
    return a == b || (a != a && b != b);         // NaN matches NaN, and -0 matches 0
}

// Exact comparison (bit for bit up to the sign of zero and the NaN payload).
template <class T> void check_exact(const std::string& name, const std::vector<T>& out, const std::vector<T>& ref) {
    size_t bad = 0, first = out.size();
    for (size_t i = 0; i < out.size(); i++) {
        bool ok;
        if constexpr (std::is_same_v<T, float>) ok = same_float(out[i], ref[i]);
        else ok = out[i] == ref[i];
        if (!ok) { bad++; if (first == out.size()) first = i; }
    }
    if (bad == 0) report(name, true, fmt("%zu values exact", out.size()));
    else report(name, false, fmt("%zu of %zu differ, first at %zu: %.9g vs ref %.9g", bad, out.size(), first,
                                 (double) out[first], (double) ref[first]));
}

// |out - ref| <= tol * scale[i] for every i (scale: e.g. sum of |terms|, or |ref| + tiny).
// Reports the worst ratio |out - ref| / scale.
inline void check_close(const std::string& name, const std::vector<float>& out, const std::vector<double>& ref,
                        const std::vector<double>& scale, double tol) {
    double worst = 0;
    size_t at = 0, bad = 0;
    for (size_t i = 0; i < out.size(); i++) {
        double e;
        if (std::isnan(ref[i]) || std::isnan(out[i])) e = std::isnan(ref[i]) && std::isnan(out[i]) ? 0 : INFINITY;
        else if (std::isinf(ref[i]) || std::isinf(out[i])) e = (double) out[i] == ref[i] ? 0 : INFINITY;
        else e = std::fabs((double) out[i] - ref[i]) / (scale[i] > 0 ? scale[i] : 1e-30);
        if (e > tol) bad++;
        if (e > worst) { worst = e; at = i; }
    }
    std::string d = fmt("worst rel err %.3g (tol %.3g) at %zu: %.9g vs ref %.9g", worst, tol, at,
                        out.empty() ? 0.0 : (double) out[at], out.empty() ? 0.0 : ref[at]);
    if (bad) d += fmt(", %zu of %zu over", bad, out.size());
    report(name, bad == 0, d);
}

// Scale = |ref| + floor (for elementwise results).
inline std::vector<double> abs_scale(const std::vector<double>& ref, double floor) {
    std::vector<double> s(ref.size());
    for (size_t i = 0; i < ref.size(); i++) s[i] = std::fabs(ref[i]) + floor;
    return s;
}

inline int blocks_for(long long n, int block) { return (int) std::max<long long>(1, (n + block - 1) / block); }
// The grid of a grid-stride kernel with 256-thread blocks, as CudaLaunch.strideGrid.
inline int stride_grid(long long n) { return (int) std::min<long long>(blocks_for(n, 256), 65535); }

// Runs all cases under schedule 0, then schedule 1; the exit status says whether all passed.
inline int run_cases(void (*cases)()) {
    for (int s = 0; s < 2; s++) {
        emu::schedule = s;
        cases();
    }
    std::printf("%s: %d cases, %d failed\n", g_failures ? "FAILED" : "OK", g_cases, g_failures);
    return g_failures ? 1 : 0;
}

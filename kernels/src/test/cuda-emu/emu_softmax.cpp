// softmax.cu on the CPU emulator: softmax_warp_f32 (n <= 1024: block 128, grid ceil(rows/4))
// and softmax_block_f32 (block 256, grid rows), softmax and log-softmax, against a double loop,
// with CudaReductions' choice of kernel.
#include "emu_test.h"
#include "softmax.cu"

static void run(int rows, int n, int log, bool specials, bool inPlace, bool forceBlock = false) {
    Rng rng(rows * 1009 + n * 3 + log);
    std::vector<float> x = rng.vec((size_t) rows * n, -6.0f, 6.0f);
    if (specials) {
        if (rows > 1 && n > 2) { x[n + 1] = -INFINITY; x[n + 2] = -INFINITY; }          // row 1: some -inf
        if (rows > 2) for (int i = 0; i < n; i++) x[2 * (size_t) n + i] = -INFINITY;   // row 2: all -inf
        if (rows > 3) x[3 * (size_t) n + n / 2] = NAN;                                // row 3: a NaN
    }
    std::vector<float> y = inPlace ? x : std::vector<float>(x.size(), -7.0f);
    float* yp = y.data();
    const float* xp = inPlace ? y.data() : x.data();
    bool warp = n <= 1024 && !forceBlock;
    if (warp) emu_launch(dim3(blocks_for(rows, 4)), dim3(128), [&] { softmax_warp_f32(yp, xp, rows, n, log); });
    else emu_launch(dim3(rows), dim3(256), [&] { softmax_block_f32(yp, xp, rows, n, log); });

    std::vector<double> ref, scale;
    for (int r = 0; r < rows; r++) {
        const float* xr = x.data() + (size_t) r * n;
        double max = -INFINITY;
        bool nan = false;
        for (int i = 0; i < n; i++) { if (std::isnan(xr[i])) nan = true; else max = std::max(max, (double) xr[i]); }
        if (nan) max = NAN;
        if (max == -INFINITY) max = 0;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += std::exp((double) xr[i] - max);
        for (int i = 0; i < n; i++) {
            double v = log ? xr[i] - (max + std::log(sum)) : std::exp((double) xr[i] - max) / sum;
            if (!log && sum == 0) v = NAN;                   // 0 * (1 / 0), as the float formula
            ref.push_back(v);
            // log-softmax: an absolute error of a few ulp of max + log(sum); softmax: relative
            scale.push_back(log ? std::fabs(max) + std::fabs(std::log(sum)) + std::fabs(xr[i]) + 1e-30 : std::fabs(v) + 1e-30);
        }
    }
    check_close(fmt("%s_%s rows=%d n=%d%s%s", warp ? "softmax_warp" : "softmax_block", log ? "log" : "softmax", rows, n,
                    specials ? " -inf/NaN rows" : "", inPlace ? " in place" : ""),
                y, ref, scale, 4e-6);
}

static void cases() {
    for (int log = 0; log < 2; log++) {
        run(5, 1, log, false, false);
        run(7, 33, log, true, false);
        run(6, 1024, log, false, true);
        run(3, 1500, log, true, false);
        run(2, 3001, log, false, true);
        run(5, 100, log, true, false, true);                 // the block kernel on a short row
    }
}

int main() { return run_cases(cases); }

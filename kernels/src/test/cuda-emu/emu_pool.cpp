// pool.cu on the CPU emulator: max and average pooling, forward and backward, against the CPU's
// loops (PoolKernels: forward per output, backward as the scatter loop), bit for bit; launches
// as CudaPooling (block 256, grid min(ceil(total/256), 65535)).
#include "emu_test.h"
#include "pool.cu"

static Pool make(int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
    return Pool{planes, h, w, (h + 2 * ph - kh) / sh + 1, (w + 2 * pw - kw) / sw + 1, kh, kw, sh, sw, ph, pw};
}

static void run(const Pool& P, int grid) {
    Rng rng(P.planes * 31 + P.h * 7 + P.kw);
    size_t in = (size_t) P.planes * P.h * P.w, outN = (size_t) P.planes * P.oh * P.ow;
    std::vector<float> x(in);
    for (auto& v : x) v = (float) (rng.below(7) - 3);      // ties: the first maximum must win
    if (in > 20) x[17] = NAN;                               // a NaN wins its windows
    std::vector<float> gy = rng.vec(outN);
    std::string tag = fmt("planes=%d %dx%d k=%dx%d s=%dx%d p=%dx%d -> %dx%d", P.planes, P.h, P.w, P.kh, P.kw, P.sh, P.sw, P.ph,
                          P.pw, P.oh, P.ow);
    auto g = [&](long long total) { return grid ? grid : stride_grid(total); };
    if (grid) tag += fmt(" grid=%d", grid);

    // max forward
    std::vector<float> y(outN, -7.0f), ry(outN);
    std::vector<int> am(outN, -5), ram(outN);
    emu_launch(dim3(g(outN)), dim3(256), [&] { maxpool2d_fwd_f32(y.data(), am.data(), x.data(), P); });
    float scale = 1.0f / (float) (P.kh * P.kw);
    std::vector<float> ravg(outN);
    for (int pl = 0; pl < P.planes; pl++)
        for (int r = 0; r < P.oh; r++)
            for (int s = 0; s < P.ow; s++) {
                int h0 = std::max(r * P.sh - P.ph, 0), h1 = std::min(r * P.sh - P.ph + P.kh, P.h);
                int w0 = std::max(s * P.sw - P.pw, 0), w1 = std::min(s * P.sw - P.pw + P.kw, P.w);
                int best = h0 * P.w + w0;
                float mx = -INFINITY, sum = 0;
                for (int ih = h0; ih < h1; ih++)
                    for (int iw = w0; iw < w1; iw++) {
                        float v = x[(size_t) pl * P.h * P.w + ih * P.w + iw];
                        if (v > mx || v != v) { mx = v; best = ih * P.w + iw; }
                        sum += v;
                    }
                size_t o = ((size_t) pl * P.oh + r) * P.ow + s;
                ry[o] = mx; ram[o] = best; ravg[o] = sum * scale;
            }
    check_exact("maxpool2d_fwd y " + tag, y, ry);
    check_exact("maxpool2d_fwd argmax " + tag, am, ram);

    // max backward from the reference argmax: the CPU's scatter loop
    std::vector<float> gx(in, NAN), rgx(in, 0.0f);
    emu_launch(dim3(g(in)), dim3(256), [&] { maxpool2d_bwd_f32(gx.data(), gy.data(), ram.data(), P); });
    for (int pl = 0; pl < P.planes; pl++)
        for (int o = 0; o < P.oh * P.ow; o++) rgx[(size_t) pl * P.h * P.w + ram[(size_t) pl * P.oh * P.ow + o]] += gy[(size_t) pl * P.oh * P.ow + o];
    check_exact("maxpool2d_bwd " + tag, gx, rgx);

    // avg forward and backward
    std::vector<float> ya(outN, -7.0f);
    emu_launch(dim3(g(outN)), dim3(256), [&] { avgpool2d_fwd_f32(ya.data(), x.data(), P); });
    check_exact("avgpool2d_fwd " + tag, ya, ravg);
    std::vector<float> ga(in, NAN), rga(in, 0.0f);
    emu_launch(dim3(g(in)), dim3(256), [&] { avgpool2d_bwd_f32(ga.data(), gy.data(), P); });
    for (int pl = 0; pl < P.planes; pl++)
        for (int r = 0; r < P.oh; r++)
            for (int s = 0; s < P.ow; s++) {
                float share = gy[((size_t) pl * P.oh + r) * P.ow + s] * scale;
                int h0 = std::max(r * P.sh - P.ph, 0), h1 = std::min(r * P.sh - P.ph + P.kh, P.h);
                int w0 = std::max(s * P.sw - P.pw, 0), w1 = std::min(s * P.sw - P.pw + P.kw, P.w);
                for (int ih = h0; ih < h1; ih++)
                    for (int iw = w0; iw < w1; iw++) rga[(size_t) pl * P.h * P.w + ih * P.w + iw] += share;
            }
    check_exact("avgpool2d_bwd " + tag, ga, rga);
}

static void cases() {
    run(make(3, 7, 9, 3, 2, 2, 2, 1, 0), 0);
    run(make(2, 8, 8, 2, 2, 2, 2, 0, 0), 0);
    run(make(4, 11, 6, 3, 3, 1, 1, 1, 1), 0);               // overlapping windows
    run(make(1, 10, 13, 5, 4, 3, 2, 2, 2), 0);              // uneven strides, large padding
    run(make(5, 9, 7, 3, 3, 2, 2, 1, 1), 1);                // one block: the grid-stride loop turns
}

int main() { return run_cases(cases); }

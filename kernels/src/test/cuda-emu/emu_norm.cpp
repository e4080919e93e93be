// norm.cu on the CPU emulator: bn_stats_f32, bn_affine_f32 and bn_backward_f32 (each also with
// the fused ReLU: its forward and the mask of its backward) against the reference loops of the
// kernels' comments (in double), bn_stats_params_f32, bn_params_f32 and
// bn_update_running_f32 against theirs in float, bit for bit, with CudaNormalization's launches
// (stats/backward: block 256, grid c; affine: block 256, grid-stride grid; params and the
// running update: block 256, one thread per channel).
#include "emu_test.h"
#include "norm.cu"

struct Shape { int n, c, l; };

static void stats(const Shape& s) {
    Rng rng(s.n * 100 + s.c * 10 + s.l);
    size_t total = (size_t) s.n * s.c * s.l;
    std::vector<float> x = rng.vec(total, 2.0f, 6.0f);      // a mean far from 0: the two-pass case
    std::vector<float> mean(s.c, NAN), var(s.c, NAN);
    emu_launch(dim3(s.c), dim3(256), [&] { bn_stats_f32(mean.data(), var.data(), x.data(), s.n, s.c, s.l); });
    std::vector<double> rm, rv, sm, sv;
    long long count = (long long) s.n * s.l;
    for (int ch = 0; ch < s.c; ch++) {
        double sum = 0;
        for (int i = 0; i < s.n; i++) for (int j = 0; j < s.l; j++) sum += x[((size_t) i * s.c + ch) * s.l + j];
        float m = (float) (sum / count);
        double sq = 0;
        for (int i = 0; i < s.n; i++) for (int j = 0; j < s.l; j++) {
            float d = x[((size_t) i * s.c + ch) * s.l + j] - m;
            sq += (double) (d * d);
        }
        rm.push_back(m); sm.push_back(std::fabs(m) + 1e-30);
        rv.push_back((float) (sq / count)); sv.push_back(sq / count + 1e-30);
    }
    std::string name = fmt("bn_stats n=%d c=%d l=%d", s.n, s.c, s.l);
    check_close(name + " mean", mean, rm, sm, 0x1.0p-23);      // the float rounding of a double sum
    check_close(name + " var", var, rv, sv, 0x1.0p-23);
}

static void affine(const Shape& s, bool inPlace, int relu, int grid = 0) {
    Rng rng(s.n * 100 + s.c * 10 + s.l + 1);
    size_t total = (size_t) s.n * s.c * s.l;
    std::vector<float> x = rng.vec(total), scale = rng.vec(s.c), shift = rng.vec(s.c);
    if (total > 2) { x[0] = NAN; x[1] = 0.0f; }           // NaN stays NaN; scale * 0 + shift may be -0 (relu: +0)
    scale[0] = 0.0f; shift[0] = -0.0f;                    // channel 0's outputs -0 before the relu, +0 after
    std::vector<float> y = inPlace ? x : std::vector<float>(total, NAN);
    const float* xp = inPlace ? y.data() : x.data();
    emu_launch(dim3(grid ? grid : stride_grid((long long) total)), dim3(256),
               [&] { bn_affine_f32(y.data(), xp, scale.data(), shift.data(), s.n, s.c, s.l, relu); });
    std::vector<float> ref(total);
    for (size_t k = 0; k < total; k++) {
        int ch = (int) (k / s.l % s.c);
        float v = fmaf(x[k], scale[ch], shift[ch]);
        ref[k] = relu && !(v > 0.0f || v != v) ? 0.0f : v;   // elementwise.cu's UNARY_RELU
    }
    check_exact(fmt("bn_affine n=%d c=%d l=%d%s relu=%d grid=%d", s.n, s.c, s.l, inPlace ? " in place" : "", relu, grid), y, ref);
}

// With relu, a fused ReLU's output (its sign pattern is all the kernel reads): g masked by it,
// in the reference as g * (y > 0 ? 1 : 0).
static void backward(const Shape& s, int training, bool relu) {
    Rng rng(s.n * 100 + s.c * 10 + s.l + 2);
    size_t total = (size_t) s.n * s.c * s.l;
    std::vector<float> g = rng.vec(total), x = rng.vec(total, -2.0f, 3.0f), mean = rng.vec(s.c), invstd = rng.vec(s.c, 0.5f, 2.0f),
                       gamma = rng.vec(s.c), y = rng.vec(total);
    std::vector<float> dx(total, NAN), dgamma(s.c, NAN), dbeta(s.c, NAN);
    emu_launch(dim3(s.c), dim3(256), [&] {
        bn_backward_f32(dx.data(), dgamma.data(), dbeta.data(), g.data(), relu ? y.data() : nullptr, x.data(), mean.data(),
                        invstd.data(), gamma.data(), s.n, s.c, s.l, training);
    });
    if (relu) for (size_t k = 0; k < total; k++) g[k] = g[k] * (y[k] > 0.0f ? 1.0f : 0.0f);
    std::vector<double> rdx(total), sdx(total), rdg, sdg, rdb, sdb;
    long long M = (long long) s.n * s.l;
    for (int ch = 0; ch < s.c; ch++) {
        float m = mean[ch], is = invstd[ch];
        double sg = 0, sgx = 0, ag = 0, agx = 0;
        for (int i = 0; i < s.n; i++) for (int j = 0; j < s.l; j++) {
            size_t k = ((size_t) i * s.c + ch) * s.l + j;
            sg += g[k]; ag += std::fabs(g[k]);
            double t = (double) g[k] * ((double) x[k] - m);
            sgx += t; agx += std::fabs(t);
        }
        rdb.push_back(sg); sdb.push_back(ag + 1e-30);
        rdg.push_back(sgx * is); sdg.push_back(agx * std::fabs(is) + 1e-30);
        double kk = (double) gamma[ch] * is, meanG = sg / M, slope = sgx * is * is / M;
        double aslope = agx * is * is / M;
        for (int i = 0; i < s.n; i++) for (int j = 0; j < s.l; j++) {
            size_t k = ((size_t) i * s.c + ch) * s.l + j;
            double c = ((double) x[k] - m);
            rdx[k] = training ? kk * (g[k] - meanG - c * slope) : g[k] * kk;
            sdx[k] = std::fabs(kk) * (std::fabs(g[k]) + std::fabs(meanG) + std::fabs(c) * aslope +
                                      (training ? (ag / M + agx * is * is / M * std::fabs(c)) : 0)) + 1e-30;
        }
    }
    std::string name = fmt("bn_backward n=%d c=%d l=%d training=%d relu=%d", s.n, s.c, s.l, training, (int) relu);
    check_close(name + " dbeta", dbeta, rdb, sdb, 0x1.0p-22);
    check_close(name + " dgamma", dgamma, rdg, sdg, 0x1.0p-22);
    check_close(name + " dx", dx, rdx, sdx, 1e-6);
}

// The reference loop of bn_params / bn_stats_params (float operations, -ffp-contract=off).
static void params_ref(const std::vector<float>& mean, const std::vector<float>& var, const std::vector<float>& gamma,
                       const std::vector<float>& beta, float eps, std::vector<float>& invstd, std::vector<float>& scale,
                       std::vector<float>& shift) {
    size_t c = mean.size();
    invstd.assign(c, 0); scale.assign(c, 0); shift.assign(c, 0);
    for (size_t ch = 0; ch < c; ch++) {
        float is = 1.0f / sqrtf(var[ch] + eps);
        invstd[ch] = is; scale[ch] = gamma[ch] * is; shift[ch] = beta[ch] - mean[ch] * scale[ch];
    }
}

// bn_stats_params: the statistics exactly as bn_stats computes them, the values as the loop.
static void stats_params(const Shape& s, float eps) {
    Rng rng(s.n * 100 + s.c * 10 + s.l + 3);
    size_t total = (size_t) s.n * s.c * s.l;
    std::vector<float> x = rng.vec(total, -3.0f, 5.0f), gamma = rng.vec(s.c, -2.0f, 2.0f), beta = rng.vec(s.c);
    for (int i = 0; i < s.n; i++) for (int j = 0; j < s.l; j++) x[((size_t) i * s.c + 0) * s.l + j] = 1.5f;  // var 0
    gamma[0] = 0.0f;
    std::vector<float> m0(s.c, NAN), v0(s.c, NAN);
    emu_launch(dim3(s.c), dim3(256), [&] { bn_stats_f32(m0.data(), v0.data(), x.data(), s.n, s.c, s.l); });
    std::vector<float> mean(s.c, NAN), var(s.c, NAN), invstd(s.c, NAN), scale(s.c, NAN), shift(s.c, NAN);
    emu_launch(dim3(s.c), dim3(256), [&] {
        bn_stats_params_f32(mean.data(), var.data(), invstd.data(), scale.data(), shift.data(), x.data(), gamma.data(),
                            beta.data(), eps, s.n, s.c, s.l);
    });
    std::vector<float> ri, rs, rt;
    params_ref(m0, v0, gamma, beta, eps, ri, rs, rt);
    std::string name = fmt("bn_stats_params n=%d c=%d l=%d eps=%g", s.n, s.c, s.l, eps);
    check_exact(name + " mean", mean, m0);
    check_exact(name + " var", var, v0);
    check_exact(name + " invstd", invstd, ri);
    check_exact(name + " scale", scale, rs);
    check_exact(name + " shift", shift, rt);
}

// bn_params on ordinary and edge values: zero, negative zero, tiny, huge, infinite and NaN variances.
static void params(int c, float eps) {
    Rng rng(c * 7 + 5);
    std::vector<float> mean = rng.vec(c, -4.0f, 4.0f), var = rng.vec(c, 0.0f, 3.0f), gamma = rng.vec(c, -2.0f, 2.0f),
                       beta = rng.vec(c);
    const float edge[] = {0.0f, -0.0f, 1e-40f, 3e38f, INFINITY, NAN, 1e-7f, -1e-3f};
    for (int i = 0; i < c && i < 8; i++) var[i] = edge[i];
    if (c > 8) { gamma[8] = NAN; mean[9 % c] = INFINITY; }
    std::vector<float> invstd(c, NAN), scale(c, NAN), shift(c, NAN);
    emu_launch(dim3(blocks_for(c, 256)), dim3(256), [&] {
        bn_params_f32(invstd.data(), scale.data(), shift.data(), mean.data(), var.data(), gamma.data(), beta.data(), eps, c);
    });
    std::vector<float> ri, rs, rt;
    params_ref(mean, var, gamma, beta, eps, ri, rs, rt);
    std::string name = fmt("bn_params c=%d eps=%g", c, eps);
    check_exact(name + " invstd", invstd, ri);
    check_exact(name + " scale", scale, rs);
    check_exact(name + " shift", shift, rt);
}

// bn_update_running against its loop; c = 0 still counts the batch.
static void update_running(int c, int n, float momentum) {
    Rng rng(c * 11 + n);
    std::vector<float> rm = rng.vec(c, -1.0f, 1.0f), rv = rng.vec(c, 0.5f, 2.0f), mean = rng.vec(c, -3.0f, 3.0f),
                       bv = rng.vec(c, 0.0f, 4.0f), bt = {41.0f};
    float unbias = (float) (n / (double) std::max(n - 1, 1)), keep = (float) (1 - (double) momentum);
    std::vector<float> wm = rm, wv = rv, wb = bt;
    for (int ch = 0; ch < c; ch++) {
        float unbiased = bv[ch] * unbias;
        wm[ch] = wm[ch] * keep + mean[ch] * momentum;
        wv[ch] = wv[ch] * keep + unbiased * momentum;
    }
    wb[0] = wb[0] + 1.0f;
    emu_launch(dim3(blocks_for(c, 256)), dim3(256), [&] {
        bn_update_running_f32(rm.data(), rv.data(), bt.data(), mean.data(), bv.data(), unbias, keep, momentum, c);
    });
    std::string name = fmt("bn_update_running c=%d n=%d momentum=%g", c, n, momentum);
    check_exact(name + " running mean", rm, wm);
    check_exact(name + " running var", rv, wv);
    check_exact(name + " batches tracked", bt, wb);
}

static const Shape SHAPES[] = {{3, 5, 37}, {2, 3, 1}, {70, 2, 1}, {2, 4, 300}};

static void cases() {
    for (const auto& s : SHAPES) {
        stats(s);
        for (int relu = 0; relu <= 1; relu++) {
            affine(s, false, relu);
            backward(s, 1, relu);
            backward(s, 0, relu);
        }
        stats_params(s, 1e-5f);
    }
    stats_params({3, 5, 37}, 0.0f);                          // the constant channel: invstd = inf
    params(1, 1e-5f);
    params(37, 1e-5f);
    params(300, 0.0f);                                       // two blocks
    update_running(0, 8, 0.1f);
    update_running(5, 1, 0.1f);                              // n = 1: max(n - 1, 1)
    update_running(300, 128 * 49, 0.1f);
    update_running(33, 7, 0.3f);
    affine({5, 3, 7}, true, 1);
    affine({1, 2, 4001}, false, 1, 3);                          // a small grid: the grid-stride loop turns
}

int main() { return run_cases(cases); }

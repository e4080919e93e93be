// norm.cu on the CPU emulator: bn_stats_f32, bn_affine_f32 and bn_backward_f32 against the
// reference loops of the kernels' comments (in double), with CudaNormalization's launches
// (stats/backward: block 256, grid c; affine: block 256, grid-stride grid).
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

static void affine(const Shape& s, bool inPlace, int grid = 0) {
    Rng rng(s.n * 100 + s.c * 10 + s.l + 1);
    size_t total = (size_t) s.n * s.c * s.l;
    std::vector<float> x = rng.vec(total), scale = rng.vec(s.c), shift = rng.vec(s.c);
    std::vector<float> y = inPlace ? x : std::vector<float>(total, NAN);
    const float* xp = inPlace ? y.data() : x.data();
    emu_launch(dim3(grid ? grid : stride_grid((long long) total)), dim3(256),
               [&] { bn_affine_f32(y.data(), xp, scale.data(), shift.data(), s.n, s.c, s.l); });
    std::vector<float> ref(total);
    for (size_t k = 0; k < total; k++) { int ch = (int) (k / s.l % s.c); ref[k] = fmaf(x[k], scale[ch], shift[ch]); }
    check_exact(fmt("bn_affine n=%d c=%d l=%d%s grid=%d", s.n, s.c, s.l, inPlace ? " in place" : "", grid), y, ref);
}

static void backward(const Shape& s, int training) {
    Rng rng(s.n * 100 + s.c * 10 + s.l + 2);
    size_t total = (size_t) s.n * s.c * s.l;
    std::vector<float> g = rng.vec(total), x = rng.vec(total, -2.0f, 3.0f), mean = rng.vec(s.c), invstd = rng.vec(s.c, 0.5f, 2.0f),
                       gamma = rng.vec(s.c);
    std::vector<float> dx(total, NAN), dgamma(s.c, NAN), dbeta(s.c, NAN);
    emu_launch(dim3(s.c), dim3(256), [&] {
        bn_backward_f32(dx.data(), dgamma.data(), dbeta.data(), g.data(), x.data(), mean.data(), invstd.data(), gamma.data(),
                        s.n, s.c, s.l, training);
    });
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
    std::string name = fmt("bn_backward n=%d c=%d l=%d training=%d", s.n, s.c, s.l, training);
    check_close(name + " dbeta", dbeta, rdb, sdb, 0x1.0p-22);
    check_close(name + " dgamma", dgamma, rdg, sdg, 0x1.0p-22);
    check_close(name + " dx", dx, rdx, sdx, 1e-6);
}

static const Shape SHAPES[] = {{3, 5, 37}, {2, 3, 1}, {70, 2, 1}, {2, 4, 300}};

static void cases() {
    for (const auto& s : SHAPES) {
        stats(s);
        affine(s, false);
        backward(s, 1);
        backward(s, 0);
    }
    affine({5, 3, 7}, true);
    affine({1, 2, 4001}, false, 3);                          // a small grid: the grid-stride loop turns
}

int main() { return run_cases(cases); }

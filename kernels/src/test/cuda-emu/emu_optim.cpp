// optim.cu on the CPU emulator: sgd_f32 and adam_f32 against the reference loops of their
// comments (float operations, bit for bit); launches as CudaOptimizers (block 256, grid-stride).
#include "emu_test.h"
#include "optim.cu"

static void sgd(long long n, float lr, float momentum, float wd, int first, int grid) {
    Rng rng(n + (long long) (momentum * 10) + first);
    std::vector<float> w = rng.vec(n), grad = rng.vec(n), v = rng.vec(n);
    std::vector<float> rw = w, rv = v;
    emu_launch(dim3(grid ? grid : stride_grid(n)), dim3(256),
               [&] { sgd_f32(w.data(), grad.data(), momentum != 0 ? v.data() : nullptr, n, lr, momentum, wd, first); });
    for (long long i = 0; i < n; i++) {
        float g = wd != 0 ? grad[i] + rw[i] * wd : grad[i];
        if (momentum != 0) { rv[i] = first ? g : rv[i] * momentum + g; g = rv[i]; }
        rw[i] = rw[i] - g * lr;
    }
    std::string tag = fmt("n=%lld lr=%g momentum=%g wd=%g first=%d grid=%d", n, lr, momentum, wd, first, grid);
    check_exact("sgd w " + tag, w, rw);
    check_exact("sgd v " + tag, v, rv);
}

static void adam(long long n, float wd, int t, int grid) {
    Rng rng(n + t);
    double b1 = 0.9, b2 = 0.999, lr = 1e-3;
    std::vector<float> w = rng.vec(n), grad = rng.vec(n), m = rng.vec(n, -0.1f, 0.1f), v = rng.vec(n, 0.0f, 0.01f);
    std::vector<float> rw = w, rm = m, rv = v;
    float omb1 = (float) (1 - b1), omb2 = (float) (1 - b2), c2 = (float) (1 - std::pow(b2, t)),
          step = (float) (lr / (1 - std::pow(b1, t))), eps = 1e-8f;
    emu_launch(dim3(grid ? grid : stride_grid(n)), dim3(256), [&] {
        adam_f32(w.data(), grad.data(), m.data(), v.data(), n, (float) b1, omb1, (float) b2, omb2, eps, wd, c2, step);
    });
    for (long long i = 0; i < n; i++) {
        float g = wd != 0 ? grad[i] + rw[i] * wd : grad[i];
        rm[i] = rm[i] * (float) b1 + g * omb1;
        rv[i] = rv[i] * (float) b2 + (g * g) * omb2;
        rw[i] = rw[i] - (rm[i] / (sqrtf(rv[i] / c2) + eps)) * step;
    }
    std::string tag = fmt("n=%lld wd=%g t=%d grid=%d", n, wd, t, grid);
    check_exact("adam w " + tag, w, rw);
    check_exact("adam m " + tag, m, rm);
    check_exact("adam v " + tag, v, rv);
}

static void cases() {
    sgd(1000, 0.1f, 0.0f, 0.0f, 0, 0);
    sgd(1000, 0.1f, 0.9f, 1e-4f, 1, 0);
    sgd(777, 0.05f, 0.9f, 5e-4f, 0, 0);
    sgd(600, 0.05f, 0.5f, 0.0f, 0, 1);                      // one block: the grid-stride loop turns
    adam(1000, 0.0f, 1, 0);
    adam(777, 1e-2f, 7, 0);
    adam(600, 0.0f, 3, 1);
}

int main() { return run_cases(cases); }

// optim.cu on the CPU emulator: sgd_f32 and adam_f32 against the reference loops of their
// comments (float operations, bit for bit); launches as CudaOptimizers (block 256, grid-stride).
// The multi-tensor kernels (a table written by mt_table_build, one block per MT_CHUNK chunk)
// against their reference loops, which are the single-tensor loops per tensor: bit for bit.
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

// Tensors of these sizes: empty-free, some over one chunk, one exactly a chunk, odd tails.
static std::vector<long long> mt_sizes(int count, uint64_t seed) {
    Rng rng(seed);
    std::vector<long long> n(count);
    for (int k = 0; k < count; k++) {
        int pick = rng.below(6);
        n[k] = pick == 0 ? 1 : pick == 1 ? MT_CHUNK : pick == 2 ? MT_CHUNK + 1 + rng.below(3000)
             : pick == 3 ? 2 * MT_CHUNK + rng.below(100) : 1 + rng.below(2000);
    }
    return n;
}

// Writes the table as CudaOptimizers does (mt_table_build launches of up to MT_BUILD entries);
// returns the chunk count (the grid).
static long long build_table(std::vector<MtTensor>& table, const std::vector<float*>& w, const std::vector<float*>& s1,
                             const std::vector<float*>& s2, const std::vector<long long>& n) {
    int count = (int) n.size();
    table.assign(count, MtTensor{});
    long long chunks = 0;
    for (int base = 0; base < count; base += MT_BUILD) {
        MtBuild e{};
        int c = std::min(MT_BUILD, count - base);
        for (int i = 0; i < c; i++) {
            int k = base + i;
            e.t[i] = MtTensor{w[k], s1[k], s2[k], n[k], chunks};
            chunks += (n[k] + MT_CHUNK - 1) / MT_CHUNK;
        }
        emu_launch(dim3(1), dim3(128), [&] { mt_table_build(table.data(), base, c, e); });
    }
    return chunks;
}

static void sgd_multi(int count, float lr, float momentum, float wd) {
    std::vector<long long> n = mt_sizes(count, count + (uint64_t) (momentum * 10));
    Rng rng(count * 7 + 1);
    std::vector<std::vector<float>> w(count), grad(count), v(count);
    std::vector<float*> pw(count), pv(count), none(count, nullptr);
    SgdGrads g{};
    for (int k = 0; k < count; k++) {
        w[k] = rng.vec(n[k]); grad[k] = rng.vec(n[k]); v[k] = rng.vec(n[k]);
        pw[k] = w[k].data(); pv[k] = momentum != 0 ? v[k].data() : nullptr;
        g.grad[k] = grad[k].data();
        g.first[k] = (unsigned char) (k % 3 == 0);
    }
    auto rw = w, rv = v;
    std::vector<MtTensor> table;
    long long chunks = build_table(table, pw, pv, none, n);
    emu_launch(dim3((unsigned) chunks), dim3(256), [&] { sgd_multi_f32(table.data(), count, g, lr, momentum, wd); });
    for (int k = 0; k < count; k++) {
        int first = g.first[k];
        for (long long i = 0; i < n[k]; i++) {
            float gi = wd != 0 ? grad[k][i] + rw[k][i] * wd : grad[k][i];
            if (momentum != 0) { rv[k][i] = first ? gi : rv[k][i] * momentum + gi; gi = rv[k][i]; }
            rw[k][i] = rw[k][i] - gi * lr;
        }
    }
    std::vector<float> ow, orw, ov, orv;
    for (int k = 0; k < count; k++) {
        ow.insert(ow.end(), w[k].begin(), w[k].end()); orw.insert(orw.end(), rw[k].begin(), rw[k].end());
        ov.insert(ov.end(), v[k].begin(), v[k].end()); orv.insert(orv.end(), rv[k].begin(), rv[k].end());
    }
    std::string tag = fmt("tensors=%d chunks=%lld momentum=%g wd=%g", count, chunks, momentum, wd);
    check_exact("sgd_multi w " + tag, ow, orw);
    check_exact("sgd_multi v " + tag, ov, orv);
}

static void adam_multi(int count, float wd) {
    std::vector<long long> n = mt_sizes(count, count + 99);
    Rng rng(count * 13 + 5);
    double b1 = 0.9, b2 = 0.999, lr = 1e-3;
    float omb1 = (float) (1 - b1), omb2 = (float) (1 - b2), eps = 1e-8f;
    std::vector<std::vector<float>> w(count), grad(count), m(count), v(count);
    std::vector<float*> pw(count), pm(count), pv(count);
    AdamGrads g{};
    for (int k = 0; k < count; k++) {
        w[k] = rng.vec(n[k]); grad[k] = rng.vec(n[k]); m[k] = rng.vec(n[k], -0.1f, 0.1f); v[k] = rng.vec(n[k], 0.0f, 0.01f);
        pw[k] = w[k].data(); pm[k] = m[k].data(); pv[k] = v[k].data();
        int t = 1 + k % 4;                                  // parameters at different steps
        g.grad[k] = grad[k].data();
        g.c2[k] = (float) (1 - std::pow(b2, t));
        g.stepSize[k] = (float) (lr / (1 - std::pow(b1, t)));
    }
    auto rw = w, rm = m, rv = v;
    std::vector<MtTensor> table;
    long long chunks = build_table(table, pw, pm, pv, n);
    emu_launch(dim3((unsigned) chunks), dim3(256),
               [&] { adam_multi_f32(table.data(), count, g, (float) b1, omb1, (float) b2, omb2, eps, wd); });
    std::vector<float> ow, orw, om, orm, ov, orv;
    for (int k = 0; k < count; k++) {
        for (long long i = 0; i < n[k]; i++) {
            float gi = wd != 0 ? grad[k][i] + rw[k][i] * wd : grad[k][i];
            rm[k][i] = rm[k][i] * (float) b1 + gi * omb1;
            rv[k][i] = rv[k][i] * (float) b2 + (gi * gi) * omb2;
            rw[k][i] = rw[k][i] - (rm[k][i] / (sqrtf(rv[k][i] / g.c2[k]) + eps)) * g.stepSize[k];
        }
        ow.insert(ow.end(), w[k].begin(), w[k].end()); orw.insert(orw.end(), rw[k].begin(), rw[k].end());
        om.insert(om.end(), m[k].begin(), m[k].end()); orm.insert(orm.end(), rm[k].begin(), rm[k].end());
        ov.insert(ov.end(), v[k].begin(), v[k].end()); orv.insert(orv.end(), rv[k].begin(), rv[k].end());
    }
    std::string tag = fmt("tensors=%d chunks=%lld wd=%g", count, chunks, wd);
    check_exact("adam_multi w " + tag, ow, orw);
    check_exact("adam_multi m " + tag, om, orm);
    check_exact("adam_multi v " + tag, ov, orv);
}

// reduce_rows_f32's order for one row of n on a 256-thread block: thread partials, then the
// xor trees (what the kernel must reproduce bit for bit)
static float tree_sumsq(const std::vector<float>& x) {
    float t[256];
    for (int j = 0; j < 256; j++) {
        float acc = 0.0f;
        for (size_t r = j; r < x.size(); r += 256) acc = acc + x[r] * x[r];
        t[j] = acc;
    }
    auto warp = [](float* v) {                      // xor butterfly over 32 lanes; lane 0's result
        float cur[32], nxt[32];
        for (int l = 0; l < 32; l++) cur[l] = v[l];
        for (int off = 16; off > 0; off >>= 1) {
            for (int l = 0; l < 32; l++) nxt[l] = cur[l] + cur[l ^ off];
            for (int l = 0; l < 32; l++) cur[l] = nxt[l];
        }
        return cur[0];
    };
    float w8[32] = {};
    for (int wi = 0; wi < 8; wi++) w8[wi] = warp(t + 32 * wi);
    return warp(w8) / 1.0f;
}

static void clip_multi(int count, double maxNorm, float spread) {
    std::vector<long long> n = mt_sizes(count, count + 7);
    Rng rng(count * 17 + 3);
    std::vector<std::vector<float>> grad(count), out(count);
    SumsqGrads sg{};
    ClipScale cs{};
    long long chunks = 0;
    for (int k = 0; k < count; k++) {
        grad[k] = rng.vec(n[k], -spread, spread);
        out[k].assign(n[k], -7.0f);
        sg.grad[k] = grad[k].data(); sg.n[k] = (int) n[k];
        cs.src[k] = grad[k].data(); cs.dst[k] = out[k].data(); cs.n[k] = (int) n[k]; cs.firstChunk[k] = (int) chunks;
        chunks += (n[k] + MT_CHUNK - 1) / MT_CHUNK;
    }
    std::vector<float> partial(count, -1.0f), norm(1, -1.0f);
    emu_launch(dim3(count), dim3(256), [&] { grad_sumsq_multi_f32(partial.data(), count, sg); });
    emu_launch(dim3((unsigned) chunks), dim3(256),
               [&] { clip_scale_multi_f32(norm.data(), partial.data(), count, maxNorm, count, cs); });
    std::vector<float> rpartial(count);
    double sq = 0;
    for (int k = 0; k < count; k++) { rpartial[k] = tree_sumsq(grad[k]); sq += rpartial[k]; }
    double rnorm = std::sqrt(sq), coef = maxNorm / (rnorm + 1e-6);
    std::vector<float> o, ro;
    for (int k = 0; k < count; k++)
        for (long long i = 0; i < n[k]; i++) { o.push_back(out[k][i]); ro.push_back(coef < 1 ? grad[k][i] * (float) coef : grad[k][i]); }
    std::string tag = fmt("tensors=%d chunks=%lld maxNorm=%g coef=%g", count, chunks, maxNorm, coef);
    check_exact("grad_sumsq_multi partials " + tag, partial, rpartial);
    check_exact("clip_scale_multi norm " + tag, norm, std::vector<float>{(float) rnorm});
    check_exact("clip_scale_multi grads " + tag, o, ro);
}

static void cases() {
    sgd(1000, 0.1f, 0.0f, 0.0f, 0, 0);
    sgd(1000, 0.1f, 0.9f, 1e-4f, 1, 0);
    sgd(777, 0.05f, 0.9f, 5e-4f, 0, 0);
    sgd(600, 0.05f, 0.5f, 0.0f, 0, 1);                      // one block: the grid-stride loop turns
    adam(1000, 0.0f, 1, 0);
    adam(777, 1e-2f, 7, 0);
    adam(600, 0.0f, 3, 1);
    sgd_multi(1, 0.1f, 0.9f, 0.0f);
    sgd_multi(40, 0.05f, 0.9f, 5e-4f);
    sgd_multi(SGD_MT, 0.05f, 0.0f, 1e-4f);                 // a full argument list, no momentum buffers
    sgd_multi(2 * MT_BUILD + 5, 0.1f, 0.5f, 0.0f);          // the table written in three launches
    adam_multi(1, 0.0f);
    adam_multi(37, 1e-2f);
    adam_multi(ADAM_MT, 0.0f);
    clip_multi(1, 5.0, 1.0f);                               // active: the norm is far above 5
    clip_multi(42, 1.0, 1.0f);
    clip_multi(9, 1e6, 1.0f);                               // inactive: copies
    clip_multi(SUMSQ_MT < SCALE_MT ? SUMSQ_MT : SCALE_MT, 0.5, 0.01f);
}

int main() { return run_cases(cases); }

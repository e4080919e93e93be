// conv.cu on the CPU emulator: the three implicit-GEMM passes (f32 and tf32) and the split-K
// reduction against plain loops, with the launches of CudaLinearAlgebra (conv2d,
// conv2dBackwardInput, conv2dBackwardWeight + splitK, conv2d_splitk_reduce_f32).
#include "emu_test.h"
#include "conv.cu"

struct Geo {
    int Nb, C, H, W, F, KH, KW, sh, sw, ph, pw;
    int OH() const { return (H + 2 * ph - KH) / sh + 1; }
    int OW() const { return (W + 2 * pw - KW) / sw + 1; }
    std::string str() const {
        return fmt("x(%d,%d,%d,%d) w(%d,%d,%d,%d) s(%d,%d) p(%d,%d)", Nb, C, H, W, F, C, KH, KW, sh, sw, ph, pw);
    }
};

static float tf(float x) { return std::bit_cast<float>(emu::cvt_rna_tf32(x)); }

// CudaLinearAlgebra.splitK
static int split_k(int f, int cols, int k, int sms) {
    long long tiles = (long long) blocks_for(f, 128) * blocks_for(cols, 128);
    long long occ = (2LL * sms + tiles - 1) / tiles, len = (k + 511) / 512;
    return (int) std::max<long long>(1, std::min({occ, len, 65535LL}));
}

// One output element as the kernel's GEMM sees it: terms (a_k, b_k) in k order, zero terms
// (padding, structural zeros) included as 0. exact = fma loop over [k0, k1) (f32 kernels);
// d, sabs = double sum and sum of |terms| with operands rounded to tf32 when asked.
struct Sum {
    float exact = 0;
    double d = 0, sabs = 0;
    void add(float a, float b, bool tf32) {
        exact = fmaf(a, b, exact);
        double p = tf32 ? (double) tf(a) * tf(b) : (double) a * b;
        d += p;
        sabs += std::fabs(p);
    }
};

static void forward(const Geo& g, bool tf32) {
    Rng rng(g.Nb * 1000 + g.C * 100 + g.F);
    int OH = g.OH(), OW = g.OW();
    std::vector<float> x = rng.vec((size_t) g.Nb * g.C * g.H * g.W), w = rng.vec((size_t) g.F * g.C * g.KH * g.KW);
    std::vector<float> y((size_t) g.Nb * g.F * OH * OW, NAN);
    dim3 grid(blocks_for((long long) g.Nb * OH * OW, 128), blocks_for(g.F, 128), 1);
    emu_launch(grid, dim3(tf32 ? TF_THREADS : F32_THREADS), [&] {
        if (tf32) conv2d_forward_tf32(x.data(), w.data(), y.data(), g.Nb, g.C, g.H, g.W, g.F, g.KH, g.KW, g.sh, g.sw, g.ph, g.pw);
        else conv2d_forward_f32(x.data(), w.data(), y.data(), g.Nb, g.C, g.H, g.W, g.F, g.KH, g.KW, g.sh, g.sw, g.ph, g.pw);
    });
    std::vector<float> exact;
    std::vector<double> ref, scale;
    for (int n = 0; n < g.Nb; n++)
        for (int f = 0; f < g.F; f++)
            for (int oh = 0; oh < OH; oh++)
                for (int ow = 0; ow < OW; ow++) {
                    Sum s;
                    for (int c = 0; c < g.C; c++)
                        for (int kh = 0; kh < g.KH; kh++)
                            for (int kw = 0; kw < g.KW; kw++) {
                                int h = oh * g.sh - g.ph + kh, wi = ow * g.sw - g.pw + kw;
                                bool in = 0 <= h && h < g.H && 0 <= wi && wi < g.W;
                                float xv = in ? x[(((size_t) n * g.C + c) * g.H + h) * g.W + wi] : 0.0f;
                                s.add(xv, w[(((size_t) f * g.C + c) * g.KH + kh) * g.KW + kw], tf32);
                            }
                    exact.push_back(s.exact);
                    ref.push_back(s.d);
                    scale.push_back(s.sabs + 1e-30);
                }
    int K = g.C * g.KH * g.KW;
    std::string name = fmt("conv2d_forward_%s %s", tf32 ? "tf32" : "f32", g.str().c_str());
    if (!tf32) check_exact(name + " (bits vs fma loop)", y, exact);
    check_close(name, y, ref, scale, (K + 4) * 0x1.0p-24);
}

static void backward_input(const Geo& g, bool tf32) {
    Rng rng(g.Nb * 1000 + g.C * 100 + g.F + 1);
    int OH = g.OH(), OW = g.OW();
    std::vector<float> gy = rng.vec((size_t) g.Nb * g.F * OH * OW), w = rng.vec((size_t) g.F * g.C * g.KH * g.KW);
    std::vector<float> gx((size_t) g.Nb * g.C * g.H * g.W, NAN);
    dim3 grid(blocks_for((long long) g.Nb * g.H * g.W, 128), blocks_for(g.C, 128), 1);
    emu_launch(grid, dim3(tf32 ? TF_THREADS : F32_THREADS), [&] {
        if (tf32) conv2d_backward_input_tf32(gy.data(), w.data(), gx.data(), g.Nb, g.C, g.H, g.W, g.F, g.KH, g.KW, g.sh, g.sw, g.ph, g.pw);
        else conv2d_backward_input_f32(gy.data(), w.data(), gx.data(), g.Nb, g.C, g.H, g.W, g.F, g.KH, g.KW, g.sh, g.sw, g.ph, g.pw);
    });
    // Reference: the scatter form (the plain definition of the gradient) for the double sum, and
    // the gather in the kernel's k = (f, kh, kw) order for the exact f32 bits.
    std::vector<double> ref(gx.size(), 0.0), sabs(gx.size(), 0.0);
    for (int n = 0; n < g.Nb; n++)
        for (int f = 0; f < g.F; f++)
            for (int oh = 0; oh < OH; oh++)
                for (int ow = 0; ow < OW; ow++)
                    for (int c = 0; c < g.C; c++)
                        for (int kh = 0; kh < g.KH; kh++)
                            for (int kw = 0; kw < g.KW; kw++) {
                                int h = oh * g.sh - g.ph + kh, wi = ow * g.sw - g.pw + kw;
                                if (h < 0 || h >= g.H || wi < 0 || wi >= g.W) continue;
                                float a = gy[(((size_t) n * g.F + f) * OH + oh) * OW + ow];
                                float b = w[(((size_t) f * g.C + c) * g.KH + kh) * g.KW + kw];
                                double p = tf32 ? (double) tf(a) * tf(b) : (double) a * b;
                                size_t at = (((size_t) n * g.C + c) * g.H + h) * g.W + wi;
                                ref[at] += p;
                                sabs[at] += std::fabs(p) + 1e-30;
                            }
    std::vector<float> exact;
    for (int n = 0; n < g.Nb; n++)
        for (int c = 0; c < g.C; c++)
            for (int h = 0; h < g.H; h++)
                for (int wi = 0; wi < g.W; wi++) {
                    float s = 0;
                    for (int f = 0; f < g.F; f++)
                        for (int kh = 0; kh < g.KH; kh++)
                            for (int kw = 0; kw < g.KW; kw++) {
                                int th = h + g.ph - kh, tw = wi + g.pw - kw;
                                if (th < 0 || tw < 0 || th % g.sh || tw % g.sw) continue;
                                int oh = th / g.sh, ow = tw / g.sw;
                                if (oh < OH && ow < OW)
                                    s = fmaf(gy[(((size_t) n * g.F + f) * OH + oh) * OW + ow],
                                             w[(((size_t) f * g.C + c) * g.KH + kh) * g.KW + kw], s);
                            }
                    exact.push_back(s);
                }
    int K = g.F * g.KH * g.KW;
    std::string name = fmt("conv2d_backward_input_%s %s", tf32 ? "tf32" : "f32", g.str().c_str());
    if (!tf32) check_exact(name + " (bits vs fma loop)", gx, exact);
    check_close(name, gx, ref, sabs, (K + 4) * 0x1.0p-24);
}

static void backward_weight(const Geo& g, bool tf32, int splits) {
    Rng rng(g.Nb * 1000 + g.C * 100 + g.F + 2);
    int OH = g.OH(), OW = g.OW(), cols = g.C * g.KH * g.KW, K = g.Nb * OH * OW;
    int count = g.F * cols;
    std::vector<float> x = rng.vec((size_t) g.Nb * g.C * g.H * g.W), gy = rng.vec((size_t) g.Nb * g.F * OH * OW);
    std::vector<float> gw(count, NAN), work((size_t) splits * count, NAN);
    dim3 grid(blocks_for(g.F, 128), blocks_for(cols, 128), splits);
    float* out = splits == 1 ? gw.data() : work.data();
    emu_launch(grid, dim3(tf32 ? TF_THREADS : F32_THREADS), [&] {
        if (tf32) conv2d_backward_weight_tf32(x.data(), gy.data(), out, splits, g.Nb, g.C, g.H, g.W, g.F, g.KH, g.KW, g.sh, g.sw, g.ph, g.pw);
        else conv2d_backward_weight_f32(x.data(), gy.data(), out, splits, g.Nb, g.C, g.H, g.W, g.F, g.KH, g.KW, g.sh, g.sw, g.ph, g.pw);
    });
    if (splits > 1)
        emu_launch(dim3(blocks_for(count, 256)), dim3(256), [&] { conv2d_splitk_reduce_f32(gw.data(), work.data(), splits, count); });

    // exact: per split, an fma loop over its K range (chunks of ceil(K / splits) rounded up to the
    // K-tile), then the slices added in order from 0.
    int tile = tf32 ? TF_BK : F32_BK, chunk = (K + splits - 1) / splits;
    chunk = (chunk + tile - 1) / tile * tile;
    std::vector<float> exact;
    std::vector<double> ref, scale;
    for (int f = 0; f < g.F; f++)
        for (int c = 0; c < g.C; c++)
            for (int kh = 0; kh < g.KH; kh++)
                for (int kw = 0; kw < g.KW; kw++) {
                    std::vector<Sum> part(splits);
                    for (int p = 0; p < K; p++) {
                        int n = p / (OH * OW), oh = p / OW % OH, ow = p % OW;
                        int h = oh * g.sh - g.ph + kh, wi = ow * g.sw - g.pw + kw;
                        bool in = 0 <= h && h < g.H && 0 <= wi && wi < g.W;
                        float xv = in ? x[(((size_t) n * g.C + c) * g.H + h) * g.W + wi] : 0.0f;
                        part[p / chunk].add(gy[(((size_t) n * g.F + f) * OH + oh) * OW + ow], xv, tf32);
                    }
                    float total = splits == 1 ? part[0].exact : 0.0f;
                    double d = 0, sabs = 0;
                    for (int z = 0; z < splits; z++) {
                        if (splits > 1) total += part[z].exact;
                        d += part[z].d;
                        sabs += part[z].sabs;
                    }
                    exact.push_back(total);
                    ref.push_back(d);
                    scale.push_back(sabs + 1e-30);
                }
    std::string name = fmt("conv2d_backward_weight_%s splits=%d %s", tf32 ? "tf32" : "f32", splits, g.str().c_str());
    if (!tf32) check_exact(name + " (bits vs split fma loops)", gw, exact);
    check_close(name, gw, ref, scale, (K + 4 + splits) * 0x1.0p-24);
}

static const Geo GEOS[] = {
    {2, 3, 17, 17, 5, 3, 3, 1, 1, 1, 1},       // 3x3 same; K of the weight gradient 578: split
    {1, 5, 9, 11, 130, 3, 2, 2, 3, 1, 0},      // F > 128 (grid.y 2), uneven stride, no pad on w
    {3, 130, 6, 5, 7, 1, 1, 1, 1, 0, 0},       // 1x1, C > 128 (backward-input grid.y 2)
    {1, 2, 5, 5, 3, 5, 5, 2, 2, 2, 2},         // 5x5 stride 2 pad 2
    {2, 4, 20, 23, 6, 3, 3, 2, 1, 0, 1},       // 4 blocks on x
    {2, 4, 8, 8, 20, 3, 3, 1, 1, 1, 1},        // K = 36, OH*OW = 64: the tf32 tile's 16-byte copies
};

static void cases() {
    for (int t = 0; t < 2; t++) {
        bool tf32 = t == 1;
        for (const auto& g : GEOS) {
            forward(g, tf32);
            backward_input(g, tf32);
            int K = g.Nb * g.OH() * g.OW();
            int javaSplits = split_k(g.F, g.C * g.KH * g.KW, K, 108);   // A100's 108 SMs
            backward_weight(g, tf32, javaSplits);
            if (javaSplits == 1) backward_weight(g, tf32, 3);
        }
        backward_weight(GEOS[0], tf32, 40);                           // trailing splits are empty
    }
}

int main() { return run_cases(cases); }

// index.cu on the CPU emulator: int_to_float, float_to_index, gather and scatter_add against
// plain loops (bit for bit), invalid indices reported in the
// four-word flag (the first report wins); launches as CudaIndexing (block
// 256, grid min(ceil(total/256), 65535)).
#include "emu_test.h"
#include "index.cu"

// the flag as the host reads it: {set, the bad index, the site, the bound}
struct Flag {
    int w[4] = {0, 0, 0, 0};
    bool clear() const { return w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0; }
    bool reports(float v, int site, int bound) const {
        return w[0] == 1 && same_float(std::bit_cast<float>(w[1]), v) && w[2] == site && w[3] == bound;
    }
    std::string str() const { return fmt("{%d, %g, site %d, bound %d}", w[0], std::bit_cast<float>(w[1]), w[2], w[3]); }
};

static void conversions() {
    long long n = 700;
    std::vector<int> in(n);
    for (long long i = 0; i < n; i++) in[i] = (int) (i * 7919 % 3001) - 1500;
    std::vector<float> out(n, NAN), ref(n);
    emu_launch(dim3(stride_grid(n)), dim3(256), [&] { int_to_float_f32(out.data(), in.data(), n); });
    for (long long i = 0; i < n; i++) ref[i] = (float) in[i];
    check_exact("int_to_float n=700", out, ref);
    // in place, as argmax and max-pool use it
    std::vector<int> buf = in;
    float* alias = reinterpret_cast<float*>(buf.data());
    emu_launch(dim3(stride_grid(n)), dim3(256), [&] { int_to_float_f32(alias, buf.data(), n); });
    check_exact("int_to_float in place n=700", std::vector<float>(alias, alias + n), ref);

    for (int invalid = 0; invalid < 2; invalid++) {
        int bound = 50;
        std::vector<float> f(n);
        for (long long i = 0; i < n; i++) f[i] = (float) (i % bound);
        if (invalid) f[333] = 2.5f;
        std::vector<int> idx(n, -9), ridx(n);
        Flag flag;
        emu_launch(dim3(stride_grid(n)), dim3(256), [&] { float_to_index_f32(idx.data(), flag.w, 3, f.data(), bound, n); });
        for (long long i = 0; i < n; i++) ridx[i] = (f[i] == std::rint(f[i]) && f[i] >= 0 && f[i] < bound) ? (int) f[i] : 0;
        check_exact(fmt("float_to_index n=700%s", invalid ? " one invalid (2.5)" : ""), idx, ridx);
        bool okBad = invalid ? flag.reports(2.5f, 3, bound) : flag.clear();
        report(fmt("float_to_index flag%s", invalid ? " (2.5)" : " (none)"), okBad, "flag = " + flag.str());
    }
    // the special invalid values
    std::vector<float> sp = {-1.0f, 50.0f, NAN, INFINITY, -0.0f, 49.0f};
    for (float v : sp) {
        std::vector<float> f = {v};
        std::vector<int> idx(1, -9);
        Flag flag;
        emu_launch(dim3(1), dim3(256), [&] { float_to_index_f32(idx.data(), flag.w, 7, f.data(), 50, 1); });
        bool valid = v == 49.0f || v == 0.0f;
        bool ok = valid ? (flag.clear() && idx[0] == (int) v) : (flag.reports(v, 7, 50) && idx[0] == 0);
        report(fmt("float_to_index value %g (bound 50)", v), ok, fmt("index %d, flag ", idx[0]) + flag.str());
    }
    // a report stands: a later launch with another bad index (another site) leaves it as it is
    {
        std::vector<float> f1 = {60.0f}, f2 = {-3.0f};
        std::vector<int> idx(1, -9);
        Flag flag;
        emu_launch(dim3(1), dim3(256), [&] { float_to_index_f32(idx.data(), flag.w, 1, f1.data(), 50, 1); });
        emu_launch(dim3(1), dim3(256), [&] { float_to_index_f32(idx.data(), flag.w, 2, f2.data(), 40, 1); });
        report("float_to_index: the first report wins", flag.reports(60.0f, 1, 50), "flag = " + flag.str());
    }
}

static void gather_scatter(int outer, int xDim, int inner, int iDim, int grid, bool invalid) {
    Rng rng(outer * 1000 + xDim * 100 + inner * 10 + iDim);
    std::vector<float> x = rng.vec((size_t) outer * xDim * inner), index((size_t) outer * iDim * inner);
    for (auto& v : index) v = (float) rng.below(xDim);
    if (invalid) index[index.size() / 2] = (float) xDim;    // one past the end
    long long total = (long long) outer * iDim * inner;
    std::string tag = fmt("outer=%d xDim=%d inner=%d iDim=%d%s", outer, xDim, inner, iDim, invalid ? " one invalid" : "");
    if (grid) tag += fmt(" grid=%d", grid);

    std::vector<float> out(total, -7.0f), ref(total, -7.0f);
    Flag flag;
    emu_launch(dim3(grid ? grid : stride_grid(total)), dim3(256),
               [&] { gather_f32(out.data(), flag.w, 11, x.data(), index.data(), outer, xDim, inner, iDim); });
    for (int o = 0; o < outer; o++)
        for (int j = 0; j < iDim; j++)
            for (int i = 0; i < inner; i++) {
                size_t t = ((size_t) o * iDim + j) * inner + i;
                float v = index[t];
                if (v >= 0 && v < xDim) ref[t] = x[((size_t) o * xDim + (size_t) v) * inner + i];
            }
    check_exact("gather " + tag, out, ref);
    report("gather flag " + tag, invalid ? flag.reports((float) xDim, 11, xDim) : flag.clear(), flag.str());

    // scatter_add: src shaped as index, out (outer, xDim, inner) zeroed
    std::vector<float> src = rng.vec(total), so((size_t) outer * xDim * inner, 0.0f), rso(so.size(), 0.0f);
    flag = Flag();
    long long cols = (long long) outer * inner;
    emu_launch(dim3(grid ? grid : stride_grid(cols)), dim3(256),
               [&] { scatter_add_f32(so.data(), flag.w, 12, src.data(), index.data(), outer, iDim, inner, xDim); });
    for (int o = 0; o < outer; o++)
        for (int j = 0; j < iDim; j++)
            for (int i = 0; i < inner; i++) {
                size_t s = ((size_t) o * iDim + j) * inner + i;
                float v = index[s];
                if (v >= 0 && v < xDim) rso[((size_t) o * xDim + (size_t) v) * inner + i] += src[s];
            }
    check_exact("scatter_add " + tag, so, rso);
    report("scatter_add flag " + tag, invalid ? flag.reports((float) xDim, 12, xDim) : flag.clear(), flag.str());
}

static void cases() {
    conversions();
    gather_scatter(3, 7, 5, 9, 0, false);
    gather_scatter(1, 10, 1, 600, 0, false);                // a 1-d scatter: one column, 600 adds in order
    gather_scatter(4, 5, 70, 3, 0, true);
    gather_scatter(2, 9, 130, 4, 1, false);                 // one block: the grid-stride loop turns
}

int main() { return run_cases(cases); }

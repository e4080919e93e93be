// reduce.cu on the CPU emulator: reduce_rows_f32, reduce_cols_f32 and argmax_rows_f32 against
// plain loops, with the launches of CudaReductions (rows: block 256, grid outer; cols: block
// (32, 8), grid (ceil(inner/32), min(outer, 65535)); argmax: block 256, grid rows).
#include "emu_test.h"
#include "reduce.cu"

static const char* OPS[] = {"sum", "max", "min"};

// identity/combine as ReduceOp, in double for the sum (the reference), exact for max/min
static double combine(int op, double acc, float x) {
    if (op == REDUCE_SUM) return acc + x;
    if (std::isnan(acc) || std::isnan(x)) return NAN;
    return op == REDUCE_MAX ? std::max(acc, (double) x) : std::min(acc, (double) x);
}
static double identity(int op) { return op == REDUCE_SUM ? 0.0 : (op == REDUCE_MAX ? -INFINITY : INFINITY); }

// x (outer, reduced, inner); a NaN is planted when withNaN
static std::vector<float> data(Rng& rng, size_t n, bool withNaN) {
    std::vector<float> x = rng.vec(n, -4.0f, 4.0f);
    if (withNaN && n > 3) x[n / 3] = NAN;
    return x;
}

static void check(const std::string& name, int op, const std::vector<float>& y, const std::vector<double>& ref,
                  const std::vector<double>& sabs, int reduced, float divisor) {
    if (op == REDUCE_SUM) {
        std::vector<double> r(ref), s(sabs);
        for (size_t i = 0; i < r.size(); i++) { r[i] /= divisor; s[i] = s[i] / divisor + 1e-30; }
        check_close(name, y, r, s, (reduced + 8) * 0x1.0p-24);
    } else {
        std::vector<float> r(ref.size());
        for (size_t i = 0; i < r.size(); i++) r[i] = (float) ref[i] / divisor;
        check_exact(name, y, r);
    }
}

static void rows(int outer, int n, int op, float divisor, bool withNaN) {
    Rng rng(outer * 131 + n);
    std::vector<float> x = data(rng, (size_t) outer * n, withNaN), y(outer, -7.0f);
    emu_launch(dim3(outer), dim3(256), [&] { reduce_rows_f32(y.data(), x.data(), op, outer, n, divisor); });
    std::vector<double> ref, sabs;
    for (int o = 0; o < outer; o++) {
        double acc = identity(op), s = 0;
        for (int r = 0; r < n; r++) { acc = combine(op, acc, x[(size_t) o * n + r]); s += std::fabs(x[(size_t) o * n + r]); }
        ref.push_back(acc);
        sabs.push_back(s);
    }
    check(fmt("reduce_rows %s outer=%d n=%d divisor=%g%s", OPS[op], outer, n, divisor, withNaN ? " NaN" : ""), op, y, ref,
          sabs, n, divisor);
}

static void cols(int outer, int reduced, int inner, int op, float divisor, int gridY, bool withNaN) {
    Rng rng(outer * 7 + reduced * 131 + inner);
    std::vector<float> x = data(rng, (size_t) outer * reduced * inner, withNaN), y((size_t) outer * inner, -7.0f);
    if (gridY == 0) gridY = std::min(outer, 65535);
    emu_launch(dim3(blocks_for(inner, 32), gridY), dim3(32, COLS_Y),
               [&] { reduce_cols_f32(y.data(), x.data(), op, outer, reduced, inner, divisor); });
    std::vector<double> ref, sabs;
    for (int o = 0; o < outer; o++)
        for (int i = 0; i < inner; i++) {
            double acc = identity(op), s = 0;
            for (int r = 0; r < reduced; r++) {
                float v = x[((size_t) o * reduced + r) * inner + i];
                acc = combine(op, acc, v);
                s += std::fabs(v);
            }
            ref.push_back(acc);
            sabs.push_back(s);
        }
    check(fmt("reduce_cols %s outer=%d reduced=%d inner=%d grid.y=%d divisor=%g%s", OPS[op], outer, reduced, inner, gridY,
              divisor, withNaN ? " NaN" : ""), op, y, ref, sabs, reduced, divisor);
}

static void argmax(int rows, int n, int flavour) {
    Rng rng(rows * 17 + n + flavour);
    std::vector<float> x((size_t) rows * n);
    for (auto& v : x) v = (float) (rng.below(9) - 4);          // many ties
    if (flavour == 1) for (int r = 0; r < rows; r++) if (n > 2) x[(size_t) r * n + (r * 7) % n] = NAN, x[(size_t) r * n + n - 1] = NAN;
    if (flavour == 2) for (auto& v : x) v = -INFINITY;
    std::vector<int> out(rows, -5), ref;
    emu_launch(dim3(rows), dim3(256), [&] { argmax_rows_f32(out.data(), x.data(), rows, n); });
    for (int r = 0; r < rows; r++) {
        int best = 0;
        float bv = x[(size_t) r * n];
        for (int i = 1; i < n && !std::isnan(bv); i++) {
            float v = x[(size_t) r * n + i];
            if (v > bv || std::isnan(v)) { best = i; bv = v; }
        }
        ref.push_back(best);
    }
    const char* fl[] = {"ties", "NaN", "all -inf"};
    check_exact(fmt("argmax_rows rows=%d n=%d %s", rows, n, fl[flavour]), out, ref);
}

static void cases() {
    for (int op = 0; op < 3; op++) {
        rows(3, 1, op, 1.0f, false);
        rows(5, 37, op, 1.0f, false);
        rows(2, 1000, op, op == REDUCE_SUM ? 1000.0f : 1.0f, false);
        rows(3, 300, op, 1.0f, true);
        cols(3, 5, 45, op, 1.0f, 0, false);
        cols(7, 19, 33, op, op == REDUCE_SUM ? 19.0f : 1.0f, 0, false);
        cols(5, 9, 70, op, 1.0f, 2, false);                   // grid.y < outer: the o loop
        cols(2, 4, 40, op, 1.0f, 0, true);
    }
    argmax(4, 1, 0);
    argmax(3, 300, 0);
    argmax(5, 77, 1);
    argmax(2, 600, 2);
}

int main() { return run_cases(cases); }

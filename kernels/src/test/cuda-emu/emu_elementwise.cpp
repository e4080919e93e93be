// elementwise.cu on the CPU emulator: fill, unary (every op), binary (every op, also with a scalar
// operand), add, and the
// strided kernels (unary, binary, where, copy, fill) over transposed, broadcast, flipped and
// strided-output views, against plain loops; launches as CudaElementwise (block 256; contiguous:
// grid ceil(n/256), strided: grid min(ceil(n/256), 65535)).
#include "emu_test.h"
#include "elementwise.cu"

static const char* UNARY[] = {"neg", "exp", "log", "sqrt", "abs", "relu", "sigmoid", "tanh", "reciprocal", "sign", "unknown"};
static const char* BINARY[] = {"add", "sub", "mul", "div", "pow", "max", "min", "eq", "ne", "lt", "le", "gt", "ge", "unknown"};

// Inputs with the special values every op must get right.
static std::vector<float> inputs(Rng& rng, size_t n) {
    std::vector<float> v = rng.vec(n, -3.0f, 3.0f);
    const float sp[] = {0.0f, -0.0f, NAN, INFINITY, -INFINITY, 1.0f, -1.0f, 1e-30f, -1e30f, 88.0f, -90.0f, 2.0f};
    for (size_t i = 0; i < n && i < 3 * 12; i += 3) v[i] = sp[i / 3];
    return v;
}

// The reference of each op: `exact` ops as float expressions (bit for bit), the others in double.
static bool unary_exact(int op) { return !(op == UNARY_EXP || op == UNARY_LOG || op == UNARY_SIGMOID || op == UNARY_TANH); }
static double unary_ref(int op, float v) {
    switch (op) {
        case UNARY_NEG: return -v;
        case UNARY_EXP: return (float) std::exp((double) v);
        case UNARY_LOG: return (float) std::log((double) v);
        case UNARY_SQRT: return std::sqrt(v);                       // float sqrt: correctly rounded
        case UNARY_ABS: return std::fabs(v);
        case UNARY_RELU: return (v > 0.0f || v != v) ? v : 0.0f;
        case UNARY_SIGMOID: return 1.0f / ((float) std::exp(-(double) v) + 1.0f);   // the float formula: e^90 is inf
        case UNARY_TANH: return (float) std::tanh((double) v);
        case UNARY_RECIPROCAL: return 1.0f / v;
        case UNARY_SIGN: return v > 0 ? 1.0f : (v < 0 ? -1.0f : v);
        default: return NAN;
    }
}
static bool binary_exact(int op) { return op != BINARY_POW; }
static double binary_ref(int op, float a, float b) {
    switch (op) {
        case BINARY_ADD: return a + b;
        case BINARY_SUB: return a - b;
        case BINARY_MUL: return a * b;
        case BINARY_DIV: return a / b;
        case BINARY_POW: return (float) std::pow((double) a, (double) b);
        case BINARY_MAX: return (std::isnan(a) || a >= b) ? a : b;
        case BINARY_MIN: return (std::isnan(a) || a <= b) ? a : b;
        case BINARY_EQ: return a == b;
        case BINARY_NE: return a != b;
        case BINARY_LT: return a < b;
        case BINARY_LE: return a <= b;
        case BINARY_GT: return a > b;
        case BINARY_GE: return a >= b;
        default: return NAN;
    }
}

static void compare(const std::string& name, bool exact, const std::vector<float>& out, const std::vector<double>& ref) {
    if (exact) {
        std::vector<float> r(ref.begin(), ref.end());
        check_exact(name, out, r);
    } else {
        check_close(name, out, ref, abs_scale(ref, 1e-37), 4 * 0x1.0p-24);   // a few ulp
    }
}

static void contiguous() {
    Rng rng(11);
    int n = 1000;                                       // 4 blocks, the last one partial
    std::vector<float> out(n + 1, -7.0f);
    emu_launch(dim3(blocks_for(n, 256)), dim3(256), [&] { fill_f32(out.data(), 2.5f, n); });
    std::vector<float> ref(n + 1, 2.5f);
    ref[n] = -7.0f;
    check_exact("fill_f32 n=1000", out, ref);

    std::vector<float> x = inputs(rng, n), y = inputs(rng, n);
    std::reverse(y.begin(), y.end());
    for (int op = 0; op <= 10; op++) {
        std::vector<float> o(n, -7.0f);
        emu_launch(dim3(blocks_for(n, 256)), dim3(256), [&] { unary_f32(o.data(), x.data(), op, n); });
        std::vector<double> r;
        for (float v : x) r.push_back(unary_ref(op, v));
        compare(fmt("unary_f32 %s n=%d", UNARY[op], n), unary_exact(op), o, r);
    }
    for (int op = 0; op <= 13; op++) {
        std::vector<float> o(n, -7.0f);
        emu_launch(dim3(blocks_for(n, 256)), dim3(256), [&] { binary_f32(o.data(), x.data(), y.data(), op, n); });
        std::vector<double> r;
        for (int i = 0; i < n; i++) r.push_back(binary_ref(op, x[i], y[i]));
        compare(fmt("binary_f32 %s n=%d", BINARY[op], n), binary_exact(op), o, r);
    }
    // binary_scalar: every op, the scalar second and first, scalars among the special values, n
    // not a multiple of the block; then in place (out aliases a)
    const float scalars[] = {0.5f, -3.0f, 0.0f, -0.0f, NAN, INFINITY, 2.0f};
    for (int op = 0; op <= 13; op++)
        for (float sc : scalars)
            for (int first = 0; first < 2; first++) {
                std::vector<float> o(n + 1, -7.0f);
                emu_launch(dim3(blocks_for(n, 256)), dim3(256), [&] { binary_scalar_f32(o.data(), x.data(), sc, op, first, n); });
                std::vector<double> r;
                for (int i = 0; i < n; i++) r.push_back(first ? binary_ref(op, sc, x[i]) : binary_ref(op, x[i], sc));
                r.push_back(-7.0f);                     // the element after the last is not written
                compare(fmt("binary_scalar_f32 %s %s %g n=%d", first ? "s op x" : "x op s", BINARY[op], sc, n),
                        binary_exact(op), o, r);
            }
    {
        std::vector<float> a = x;
        emu_launch(dim3(blocks_for(n, 256)), dim3(256), [&] { binary_scalar_f32(a.data(), a.data(), 0.5f, BINARY_MUL, 0, n); });
        std::vector<float> r(n);
        for (int i = 0; i < n; i++) r[i] = x[i] * 0.5f;
        check_exact("binary_scalar_f32 mul 0.5 in place n=1000", a, r);
    }
    std::vector<float> a = x;                           // add in place: out aliases a
    emu_launch(dim3(blocks_for(n, 256)), dim3(256), [&] { add_f32(a.data(), a.data(), y.data(), n); });
    std::vector<float> r(n);
    for (int i = 0; i < n; i++) r[i] = x[i] + y[i];
    check_exact("add_f32 in place n=1000", a, r);
}

// A strided view: shape, and element strides of out, a, b, c.
struct View {
    const char* name;
    std::vector<int> shape;
    std::vector<long long> out, a, b, c;
    long long aOff, bOff, cOff, outOff;                 // where each view's first element sits in its array
};

static Layout layout_of(const View& v) {
    Layout L;
    std::memset(&L, 0, sizeof L);
    L.ndim = (int) v.shape.size();
    for (int d = 0; d < L.ndim; d++) {
        L.shape[d] = v.shape[d];
        L.out[d] = v.out[d]; L.a[d] = v.a[d]; L.b[d] = v.b[d]; L.c[d] = v.c[d];
    }
    return L;
}

// The offsets of element i (row-major over the shape) in each operand.
static void offsets(const View& v, long long i, long long o[4]) {
    o[0] = o[1] = o[2] = o[3] = 0;
    for (int d = (int) v.shape.size() - 1; d >= 0; d--) {
        long long k = i % v.shape[d];
        i /= v.shape[d];
        o[0] += k * v.out[d]; o[1] += k * v.a[d]; o[2] += k * v.b[d]; o[3] += k * v.c[d];
    }
}

static long long extent(const std::vector<int>& shape, const std::vector<long long>& st, long long off) {
    long long hi = off;
    for (size_t d = 0; d < shape.size(); d++) if (st[d] > 0) hi += (shape[d] - 1) * st[d];
    return hi + 1;
}

static void strided(const View& v, int gridOverride) {
    Rng rng(v.shape.size() * 97 + 5);
    long long n = 1;
    for (int s : v.shape) n *= s;
    Layout L = layout_of(v);
    std::vector<float> A = inputs(rng, extent(v.shape, v.a, v.aOff)), B = inputs(rng, extent(v.shape, v.b, v.bOff)),
                       Cd = inputs(rng, extent(v.shape, v.c, v.cOff));
    for (auto& c : Cd) if (rng.below(2)) c = 0.0f;       // cond: zeros and non-zeros (NaN included)
    size_t outSize = extent(v.shape, v.out, v.outOff);
    int grid = gridOverride ? gridOverride : stride_grid(n);
    std::string tag = fmt("%s n=%lld grid=%d", v.name, n, grid);
    auto expect = [&](auto value) {                       // out's array with `value(i)` at each view element
        std::vector<float> r(outSize, -7.0f);
        for (long long i = 0; i < n; i++) { long long o[4]; offsets(v, i, o); r[v.outOff + o[0]] = value(i, o); }
        return r;
    };
    for (int op : {UNARY_NEG, UNARY_SQRT, UNARY_EXP}) {
        std::vector<float> out(outSize, -7.0f);
        emu_launch(dim3(grid), dim3(256), [&] { unary_strided_f32(L, out.data() + v.outOff, A.data() + v.aOff, op, n); });
        auto r = expect([&](long long, long long* o) { return (float) unary_ref(op, A[v.aOff + o[1]]); });
        if (unary_exact(op)) check_exact(fmt("unary_strided %s %s", UNARY[op], tag.c_str()), out, r);
        else check_close(fmt("unary_strided %s %s", UNARY[op], tag.c_str()), out, std::vector<double>(r.begin(), r.end()),
                         abs_scale(std::vector<double>(r.begin(), r.end()), 1e-37), 4 * 0x1.0p-24);
    }
    for (int op : {BINARY_SUB, BINARY_MAX, BINARY_LT}) {
        std::vector<float> out(outSize, -7.0f);
        emu_launch(dim3(grid), dim3(256),
                   [&] { binary_strided_f32(L, out.data() + v.outOff, A.data() + v.aOff, B.data() + v.bOff, op, n); });
        auto r = expect([&](long long, long long* o) { return (float) binary_ref(op, A[v.aOff + o[1]], B[v.bOff + o[2]]); });
        check_exact(fmt("binary_strided %s %s", BINARY[op], tag.c_str()), out, r);
    }
    {
        std::vector<float> out(outSize, -7.0f);
        emu_launch(dim3(grid), dim3(256), [&] {
            where_strided_f32(L, out.data() + v.outOff, Cd.data() + v.cOff, A.data() + v.aOff, B.data() + v.bOff, n);
        });
        auto r = expect([&](long long, long long* o) { return Cd[v.cOff + o[3]] != 0.0f ? A[v.aOff + o[1]] : B[v.bOff + o[2]]; });
        check_exact(fmt("where_strided %s", tag.c_str()), out, r);
    }
    {
        std::vector<float> out(outSize, -7.0f);
        emu_launch(dim3(grid), dim3(256), [&] { copy_strided_f32(L, out.data() + v.outOff, A.data() + v.aOff, n); });
        auto r = expect([&](long long, long long* o) { return A[v.aOff + o[1]]; });
        bool bits = true;                                    // a copy keeps every bit (NaN payload, -0)
        for (size_t i = 0; i < out.size(); i++) bits &= std::bit_cast<uint32_t>(out[i]) == std::bit_cast<uint32_t>(r[i]);
        check_exact(fmt("copy_strided %s", tag.c_str()), out, r);
        report(fmt("copy_strided %s (bit patterns)", tag.c_str()), bits, bits ? "identical" : "differ");
    }
    {
        std::vector<float> out(outSize, -7.0f);
        emu_launch(dim3(grid), dim3(256), [&] { fill_strided_f32(L, out.data() + v.outOff, -0.0f, n); });
        auto r = expect([&](long long, long long*) { return -0.0f; });
        bool bits = true;
        for (size_t i = 0; i < out.size(); i++) bits &= std::bit_cast<uint32_t>(out[i]) == std::bit_cast<uint32_t>(r[i]);
        report(fmt("fill_strided -0.0 %s", tag.c_str()), bits, bits ? "identical bits" : "differ");
    }
}

static const View VIEWS[] = {
    // out (3,4,5) contiguous; a: the transpose of a (5,4,3) array; b: a broadcast row; c: a broadcast column
    {"transpose+broadcast", {3, 4, 5}, {20, 5, 1}, {1, 3, 12}, {0, 0, 1}, {0, 1, 0}, 0, 0, 0, 0},
    // out every other element of a (2, 7, 2x19) array; a flipped on dim 1 (negative stride)
    {"strided out, flipped a", {2, 7, 19}, {266, 38, 2}, {133, -19, 1}, {0, 19, 1}, {1, 0, 0}, 6 * 19, 0, 0, 1},
    // 8 dimensions with size-1 dimensions, and a 0-d scalar
    {"8-d", {2, 1, 3, 1, 2, 5, 1, 3}, {90, 90, 30, 30, 15, 3, 3, 1}, {1, 7, 2, 7, 6, 12, 7, 60}, {0, 0, 1, 0, 0, 3, 0, 15},
     {45, 0, 15, 0, 0, 3, 0, 1}, 0, 0, 0, 0},
    {"scalar (ndim 0)", {}, {}, {}, {}, {}, 0, 0, 0, 0},
};

static void cases() {
    contiguous();
    for (const auto& v : VIEWS) strided(v, 0);
    strided(VIEWS[1], 1);                                  // one block: the grid-stride loop turns
}

int main() { return run_cases(cases); }

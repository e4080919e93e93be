// random.cu on the CPU emulator: the Philox4x32-10 block against Random123's known answers (the
// vectors of kernels' PhiloxTest), and uniform_f32, normal_f32, dropout_f32 against a reference
// written from ionas.kernels.Philox (exact); launches as CudaRandom (block 256, grid-stride grid).
#include "emu_test.h"
#include "random.cu"

// Philox.block, transcribed from the Java (independent of the kernel's code).
static void philox_ref(uint32_t c[4], uint32_t k0, uint32_t k1) {
    for (int round = 0; round < 10; round++) {
        if (round > 0) { k0 += 0x9E3779B9u; k1 += 0xBB67AE85u; }
        uint64_t p0 = (uint64_t) 0xD2511F53u * c[0], p1 = (uint64_t) 0xCD9E8D57u * c[2];
        uint32_t n0 = (uint32_t) (p1 >> 32) ^ c[1] ^ k0, n1 = (uint32_t) p1, n2 = (uint32_t) (p0 >> 32) ^ c[3] ^ k1, n3 = (uint32_t) p0;
        c[0] = n0; c[1] = n1; c[2] = n2; c[3] = n3;
    }
}
static void at(uint64_t seed, uint64_t pos, uint32_t r[4]) {
    r[0] = (uint32_t) pos; r[1] = (uint32_t) (pos >> 32); r[2] = 0; r[3] = 0;
    philox_ref(r, (uint32_t) seed, (uint32_t) (seed >> 32));
}
static float uniform_ref(uint64_t seed, uint64_t pos) { uint32_t r[4]; at(seed, pos, r); return (float) (r[0] >> 8) * 0x1.0p-24f; }

static void known_answers() {
    struct { uint32_t in[6], out[4]; } kat[] = {
        {{0, 0, 0, 0, 0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
        {{~0u, ~0u, ~0u, ~0u, ~0u, ~0u}, {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0}, {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    };
    for (auto& k : kat) {
        uint4 r = philox4x32_10(k.in[0], k.in[1], k.in[2], k.in[3], k.in[4], k.in[5]);   // the kernel's device function
        uint32_t ref[4] = {k.in[0], k.in[1], k.in[2], k.in[3]};
        philox_ref(ref, k.in[4], k.in[5]);
        bool ok = r.x == k.out[0] && r.y == k.out[1] && r.z == k.out[2] && r.w == k.out[3];
        bool refOk = std::equal(ref, ref + 4, k.out);
        report(fmt("philox4x32_10 Random123 known answer (key %08x)", k.in[4]), ok && refOk,
               fmt("kernel %08x %08x %08x %08x, reference %s", r.x, r.y, r.z, r.w, refOk ? "ok" : "WRONG"));
    }
}

static void draws(long long n, uint64_t seed, uint64_t offset, int grid) {
    std::string tag = fmt("n=%lld seed=%#llx offset=%#llx", n, (unsigned long long) seed, (unsigned long long) offset);
    if (grid) tag += fmt(" grid=%d", grid);
    dim3 g(grid ? grid : stride_grid(n));
    std::vector<float> u(n, NAN), ru(n), z(n, NAN), rz(n);
    emu_launch(g, dim3(256), [&] { uniform_f32(u.data(), n, seed, offset); });
    emu_launch(g, dim3(256), [&] { normal_f32(z.data(), n, seed, offset); });
    for (long long i = 0; i < n; i++) {
        ru[i] = uniform_ref(seed, offset + i);
        uint32_t r[4];
        at(seed, offset + i, r);
        double u1 = ((r[0] >> 8) + 1) * 0x1.0p-24, u2 = (r[1] >> 8) * 0x1.0p-24;
        rz[i] = (float) (std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2));
    }
    check_exact("uniform " + tag, u, ru);
    check_exact("normal " + tag, z, rz);

    for (int withMask = 0; withMask < 2; withMask++) {
        float keep = (float) (1 - 0.3);
        std::vector<float> x = Rng(n).vec(n), y(n, NAN), mask(n, NAN), ry(n), rm(n);
        emu_launch(g, dim3(256), [&] { dropout_f32(y.data(), withMask ? mask.data() : nullptr, x.data(), n, keep, seed, offset); });
        for (long long i = 0; i < n; i++) {
            float k = uniform_ref(seed, offset + i) < keep ? 1.0f : 0.0f;
            rm[i] = k / keep;
            ry[i] = x[i] * rm[i];
        }
        check_exact(fmt("dropout y p=0.3%s ", withMask ? " with mask" : " no mask") + tag, y, ry);
        if (withMask) check_exact("dropout mask p=0.3 " + tag, mask, rm);
    }
}

static void cases() {
    known_answers();
    draws(1000, 42, 0, 0);
    draws(777, 0x123456789abcdefull, 0xfffffff0ull, 0);     // positions cross 2^32: the counter's high word
    draws(600, 7, 5, 1);                                    // one block: the grid-stride loop turns
}

int main() { return run_cases(cases); }

package ionas.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ionas.autograd.Tensor;
import ionas.nn.io.SafeTensors;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One golden-value fixture: a safetensors file under {@code src/test/resources/golden/} written by
 * {@code src/test/python/make_golden.py} from PyTorch (the script's header documents the names:
 * {@code input.*}, {@code state.*}, {@code grad_output.*}, {@code output.*}, {@code grad.input.*},
 * {@code grad.state.*}, {@code after.*}), plus the comparison the golden tests share.
 *
 * <p>The tolerance, per element: |actual - expected| <= rtol |expected| + atol + scale max|expected|,
 * the last term taken over the whole tensor (an element that is the small difference of large terms
 * carries their absolute rounding error). The script checks that float32 PyTorch itself meets the
 * same tolerances against the stored (float64-computed) values.
 */
public final class Golden {
    /** rtol, atol and the tensor-scaled floor. */
    public record Tolerance(double rtol, double atol, double scale) {
        /** Single layers, losses and optimiser steps: 1e-5 relative. */
        public static final Tolerance CASE = new Tolerance(1e-5, 1e-6, 1e-6);
        /** Long chains (the end-to-end models): 1e-4 relative. */
        public static final Tolerance E2E = new Tolerance(1e-4, 1e-6, 2e-5);

        @Override
        public String toString() {
            return "rtol " + rtol + ", atol " + atol + ", scale " + scale;
        }
    }

    /** For gradients that are zero in exact arithmetic (a bias feeding a training-mode batch norm). */
    public static final double ZERO_ATOL = 1e-5;

    private final String name;
    private final Map<String, NDArray> tensors;
    private final Map<String, String> metadata;

    private Golden(String name, Map<String, NDArray> tensors, Map<String, String> metadata) {
        this.name = name;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Loads {@code golden/<name>.safetensors} from the test class path, e.g. {@code layers/linear_bias}. */
    public static Golden load(String name) {
        try {
            SafeTensors.Contents c = SafeTensors.read(path(name));
            return new Golden(name, c.tensors(), c.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fixture file; fails with a hint when it is missing. Inside a test jar (the GPU run of
     * benchmarks/gpu/run.sh) the fixture is copied to a temporary file first.
     */
    public static Path path(String name) {
        URL url = Golden.class.getResource("/golden/" + name + ".safetensors");
        if (url == null)
            fail("golden fixture '" + name + "' is missing; regenerate with /usr/bin/python3 nn/src/test/python/make_golden.py");
        try {
            if (!url.getProtocol().equals("file")) return copyToTempFile(name, url);
            Path p = Path.of(url.toURI());
            if (!Files.isRegularFile(p)) fail("golden fixture " + p + " is not a file");
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the file's name (errors name it, and tests check that they do). */
    private static Path copyToTempFile(String name, URL url) {
        try (var in = url.openStream()) {
            Path dir = Files.createTempDirectory("golden-");
            Path tmp = dir.resolve(name.substring(name.lastIndexOf('/') + 1) + ".safetensors");
            Files.copy(in, tmp);
            tmp.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("reading golden fixture " + url, e);
        }
    }

    public String name() {
        return name;
    }

    public boolean has(String key) {
        return tensors.containsKey(key);
    }

    /** A copy of tensor {@code key} (so that a test cannot change the fixture for the next one). */
    public NDArray get(String key) {
        NDArray v = tensors.get(key);
        if (v == null) fail(name + ": the fixture has no tensor '" + key + "'; it has " + tensors.keySet());
        return v.copy();
    }

    /** The tensors whose names start with {@code prefix}, the prefix cut off, in file order. */
    public Map<String, NDArray> with(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v.copy());
        });
        return out;
    }

    /** A leaf tensor over a copy of {@code key}. */
    public Tensor leaf(String key, boolean requiresGrad) {
        return Tensor.of(get(key)).requiresGrad(requiresGrad);
    }

    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) fail(name + ": the fixture has no metadata '" + key + "'; it has " + metadata.keySet());
        return v;
    }

    public double metaDouble(String key) {
        return Double.parseDouble(meta(key));
    }

    /** A comma-separated metadata list, empty when the key is absent. */
    public Set<String> metaList(String key) {
        String v = metadata.get(key);
        Set<String> out = new LinkedHashSet<>();
        if (v != null) for (String s : v.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Compares {@code actual} with the fixture's tensor {@code key}. */
    public void check(String key, NDArray actual, Tolerance tol) {
        assertClose(name + ": " + key, get(key), actual, tol);
    }

    public void check(String key, double actual, Tolerance tol) {
        check(key, NDArray.of(new double[] {actual}).reshape(tensors.containsKey(key) ? tensors.get(key).shape() : new int[0]), tol);
    }

    // ---------------------------------------------------------------- comparison

    public static void assertClose(String what, NDArray expected, NDArray actual, Tolerance tol) {
        if (actual == null) fail(what + ": no value (a gradient that was never computed?)");
        if (!expected.sameShape(actual))
            fail(what + ": shape " + Shapes.str(actual.shape()) + ", expected " + Shapes.str(expected.shape()));
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        double scale = 0;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        double floor = tol.atol() + tol.scale() * scale;
        int bad = 0, worst = -1;
        double worstRatio = 0, maxRel = 0, maxRatio = 0;
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(a[i] - e[i]);
            double allowed = tol.rtol() * Math.abs(e[i]) + floor;
            double ratio = Double.isNaN(a[i]) || Double.isInfinite(a[i]) && a[i] != e[i] ? Double.POSITIVE_INFINITY
                    : a[i] == e[i] ? 0 : err / allowed;
            if (ratio > 1) {
                bad++;
                if (ratio > worstRatio || worst < 0) {
                    worstRatio = ratio;
                    worst = i;
                }
            }
            maxRatio = Math.max(maxRatio, ratio);
            // the relative error proper, where the relative part of the tolerance dominates
            if (tol.rtol() * Math.abs(e[i]) >= floor) maxRel = Math.max(maxRel, a[i] == e[i] ? 0 : err / Math.abs(e[i]));
        }
        Stats.record(what, maxRel, maxRatio);
        if (bad > 0) {
            int i = worst;
            fail(String.format("%s: %d of %d elements differ from PyTorch (%s); the worst, at %s: expected %.9g, got %.9g, |diff| %.3g > allowed %.3g",
                    what, bad, e.length, tol, index(expected.shape(), i), e[i], a[i], Math.abs(a[i] - e[i]),
                    tol.rtol() * Math.abs(e[i]) + floor));
        }
    }

    /** For a gradient that is zero in exact arithmetic: every element within {@code atol} of 0. */
    public static void assertZero(String what, NDArray actual, double atol) {
        if (actual == null) fail(what + ": no value");
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < a.length; i++)
            if (!(Math.abs(a[i]) <= atol))
                fail(String.format("%s: expected 0 (within %.1g: the gradient of a bias that feeds a batch norm), got %.9g at %s",
                        what, atol, a[i], index(actual.shape(), i)));
    }

    private static String index(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % Math.max(shape[d], 1);
            flat /= Math.max(shape[d], 1);
        }
        return Arrays.toString(idx);
    }

    // ---------------------------------------------------------------- error statistics for the report

    /**
     * The largest relative error and the largest fraction of the tolerance used, per group (the
     * fixture directory: layers, losses, optim, e2e), written to {@code target/golden-errors.txt}.
     */
    public static final class Stats {
        private static final Map<String, double[]> BY_GROUP = new TreeMap<>();
        private static final Map<String, String> WORST_AT = new TreeMap<>();

        private Stats() {}

        static synchronized void record(String what, double maxRel, double maxRatio) {
            String group = what.contains("/") ? what.substring(0, what.indexOf('/')) : "other";
            double[] s = BY_GROUP.computeIfAbsent(group, g -> new double[3]);
            if (maxRel > s[0]) {
                s[0] = maxRel;
                WORST_AT.put(group, what);
            }
            s[1] = Math.max(s[1], Double.isInfinite(maxRatio) ? s[1] : maxRatio);
            s[2]++;
        }

        /** Writes the table (called from each golden test class's @AfterAll; the last one has all groups). */
        public static synchronized void report() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("%-7s %9s %14s %16s  %s", "group", "tensors", "max rel error", "max of tolerance", "largest relative error at"));
            BY_GROUP.forEach((g, s) -> lines.add(String.format("%-7s %9d %14.3g %16.3g  %s", g, (long) s[2], s[0], s[1], WORST_AT.getOrDefault(g, "-"))));
            try {
                Path out = Path.of("target", "golden-errors.txt");
                Files.createDirectories(out.getParent());
                Files.write(out, lines);
            } catch (IOException e) {
                // the report is a convenience; the assertions are what count
            }
            lines.forEach(System.out::println);
        }
    }

    /** Asserts that two key sets are equal, listing the differences. */
    public static void assertSameKeys(String what, Set<String> expected, Set<String> actual) {
        Set<String> missing = new LinkedHashSet<>(expected), extra = new LinkedHashSet<>(actual);
        missing.removeAll(actual);
        extra.removeAll(expected);
        assertEquals("", missing.isEmpty() && extra.isEmpty() ? "" : what + ": missing " + missing + ", unexpected " + extra);
    }
}

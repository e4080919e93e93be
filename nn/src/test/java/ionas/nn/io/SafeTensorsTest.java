package ionas.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.nn.Golden;
import ionas.nn.Module;
import ionas.nn.Sequential;
import ionas.nn.layers.Activation;
import ionas.nn.layers.BatchNorm;
import ionas.nn.layers.Conv2d;
import ionas.nn.layers.Linear;
import ionas.nn.layers.Pooling;
import ionas.nn.optim.SGD;
import ionas.tensor.DType;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Map<String, NDArray> sample() {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("a", NDArray.of(new float[] {1, -2.5f, 3e-8f, Float.MAX_VALUE, -0f, 6}, 2, 3));
        t.put("b.f64", NDArray.of(new double[] {Math.PI, -1e300, 1e-300, 0.1}, 4));
        t.put("scalar", NDArray.scalar(42));
        t.put("c", NDArray.of(new float[] {7, 8, 9}, 3, 1));
        return t;
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void roundTripKeepsF32AndF64ValuesShapesOrderAndMetadata() throws IOException {
        Path p = dir.resolve("x.safetensors");
        Map<String, NDArray> t = sample();
        SafeTensors.write(p, t, Map.of("epoch", "3", "note", "ünïcode"));
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(new ArrayList<>(t.keySet()), new ArrayList<>(c.tensors().keySet()));
        for (var e : t.entrySet()) {
            NDArray r = c.tensors().get(e.getKey());
            assertEquals(e.getValue().dtype(), r.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), r.shape(), e.getKey());
            assertArrayEquals(e.getValue().toDoubleArray(), r.toDoubleArray(), 0, e.getKey()); // bit for bit
        }
        assertEquals(Map.of("epoch", "3", "note", "ünïcode"), c.metadata());
        // the layout the specification asks for: header padded to 8 bytes, data tiled in order
        byte[] raw = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        JsonNode h = new ObjectMapper().readTree(new String(raw, 8, (int) n, StandardCharsets.UTF_8));
        assertEquals("F32", h.get("a").get("dtype").asText());
        assertEquals("F64", h.get("b.f64").get("dtype").asText());
        assertEquals("[0,24]", h.get("a").get("data_offsets").toString());
        assertEquals("[24,56]", h.get("b.f64").get("data_offsets").toString());
        assertEquals("[]", h.get("scalar").get("shape").toString());
        assertEquals(8 + n + 24 + 32 + 4 + 12, raw.length);
    }

    @Test
    void theSameTensorsAndMetadataGiveTheSameBytesWhateverTheMapsOrder() throws IOException {
        // Map.of iterates in an order that changes from JVM to JVM: checkpoints of identical runs differed
        Map<String, String> one = new LinkedHashMap<>(), other = new LinkedHashMap<>();
        for (String k : List.of("seed", "epochs_done", "config", "format")) one.put(k, "value of " + k);
        for (String k : List.of("format", "config", "epochs_done", "seed")) other.put(k, "value of " + k);
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors");
        SafeTensors.write(a, sample(), one);
        SafeTensors.write(b, sample(), other);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertEquals(List.of("config", "epochs_done", "format", "seed"), new ArrayList<>(SafeTensors.read(a).metadata().keySet()), "sorted keys");
    }

    @Test
    void writesNonContiguousViewsInLogicalOrder() throws IOException {
        Path p = dir.resolve("t.safetensors");
        NDArray m = NDArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        SafeTensors.write(p, Map.of("t", m.transpose(0, 1)), null);
        NDArray r = SafeTensors.read(p).tensors().get("t");
        assertArrayEquals(new int[] {3, 2}, r.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, r.toFloatArray());
    }

    @Test
    void writeIsAtomicAndReplacesTheTarget() throws IOException {
        Path p = dir.resolve("sub/dir/model.safetensors"); // parents are created
        SafeTensors.write(p, Map.of("w", NDArray.of(new float[] {1, 2}, 2)), null);
        SafeTensors.write(p, Map.of("v", NDArray.of(new float[] {3, 4, 5}, 3)), Map.of("k", "v"));
        SafeTensors.Contents c = SafeTensors.read(p);
        assertEquals(List.of("v"), new ArrayList<>(c.tensors().keySet()), "the target is replaced, not merged");
        assertArrayEquals(new float[] {3, 4, 5}, c.tensors().get("v").toFloatArray());
        assertEquals(List.of("model.safetensors"), listing(p.getParent()), "no temporary file is left behind");

        // a write that fails leaves the old file as it was, and no temporary file
        byte[] before = Files.readAllBytes(p);
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(p, Map.of("__metadata__", NDArray.zeros(1)), null));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of("model.safetensors"), listing(p.getParent()));
    }

    private static List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    // ---------------------------------------------------------------- files written by PyTorch (make_golden.py)

    @Test
    void readsThePyTorchWrittenStateDictIncludingI64NumBatchesTracked() throws IOException {
        Path init = Golden.path("e2e/convbnrelu_init");
        JsonNode header = header(init);
        assertEquals("I64", header.get("1.num_batches_tracked").get("dtype").asText(), "the fixture stores it as PyTorch does");
        assertEquals("[]", header.get("1.num_batches_tracked").get("shape").toString());
        SafeTensors.Contents c = SafeTensors.read(init);
        NDArray nbt = c.tensors().get("1.num_batches_tracked");
        assertEquals(DType.FLOAT32, nbt.dtype(), "integers become float32");
        assertEquals(0, nbt.item());
        assertEquals("nn/src/test/python/make_golden.py", c.metadata().get("generator"));

        // nonzero I64 values: a batch norm with num_batches_tracked 2 before and 3 after a training step
        SafeTensors.Contents bn = SafeTensors.read(Golden.path("layers/bn2d_train"));
        assertEquals("I64", header(Golden.path("layers/bn2d_train")).get("after.num_batches_tracked").get("dtype").asText());
        assertEquals(2, bn.tensors().get("state.num_batches_tracked").item());
        assertEquals(3, bn.tensors().get("after.num_batches_tracked").item());

        // F64 written by the script
        assertEquals(DType.FLOAT64, SafeTensors.read(Golden.path("optim/cosine_annealing")).tensors().get("lrs").dtype());
    }

    @Test
    void checkpointLoadsThePyTorchStateDictStrictly() throws IOException {
        Sequential model = convBnRelu();
        Map<String, String> meta = Checkpoint.load(Golden.path("e2e/convbnrelu_init"), model);
        assertEquals("convbnrelu", meta.get("case"));
        Map<String, NDArray> expected = SafeTensors.read(Golden.path("e2e/convbnrelu_init")).tensors();
        model.stateDict().forEach((k, v) -> assertArrayEquals(expected.get(k).toFloatArray(), v.toFloatArray(), k));

        // a model that does not fit: the error names the file and the tensors
        Sequential other = new Sequential(new Conv2d(3, 8, 3, 1, 1, false, new Generator(0)), BatchNorm.batchNorm2d(8));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(Golden.path("e2e/convbnrelu_init"), other));
        assertTrue(e.getMessage().contains("convbnrelu_init.safetensors") && e.getMessage().contains("unexpected '3.weight'"), e.getMessage());
    }

    @Test
    void checkpointRoundTripWithOptimizerState() throws IOException {
        Sequential a = convBnRelu();
        a.loadStateDict(SafeTensors.read(Golden.path("e2e/convbnrelu_init")).tensors(), true);
        SGD opt = new SGD(a.parameters(), 0.1, 0.9, 0);
        a.parameters().forEach(p -> p.setGrad(NDArray.ones(p.shape())));
        opt.step();
        Path p = dir.resolve("ckpt.safetensors");
        Checkpoint.save(p, a, opt, Map.of("epoch", "1"));
        Sequential b = convBnRelu();
        SGD opt2 = new SGD(b.parameters(), 0.1, 0.9, 0);
        assertEquals(Map.of("epoch", "1"), Checkpoint.load(p, b, opt2));
        a.stateDict().forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.stateDict().get(k).toFloatArray(), k));
        opt.stateDict().forEach((k, v) -> assertArrayEquals(v.toFloatArray(), opt2.stateDict().get(k).toFloatArray(), k));
    }

    private static Sequential convBnRelu() {
        return new Sequential(
                new Conv2d(3, 8, 3, 1, 1, false, new Generator(0)), BatchNorm.batchNorm2d(8), Activation.relu(),
                new Conv2d(8, 8, 3, 1, 1, true, new Generator(0)), BatchNorm.batchNorm2d(8), Activation.relu(),
                Pooling.maxPool2d(2, 2, 0), Pooling.globalAvgPool(), new Linear(8, 10, new Generator(0)));
    }

    private static JsonNode header(Path p) throws IOException {
        byte[] raw = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new ObjectMapper().readTree(new String(raw, 8, (int) n, StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- corrupt files: clear errors naming the tensor

    /** A file from a header (padded here) and a data section, as the format lays them out. */
    private Path craft(String json, byte[] data) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        while (b.position() < 8 + padded) b.put((byte) ' ');
        b.put(data);
        Path p = Files.createTempFile(dir, "crafted", ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private String readError(Path p) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains(p.toString()), () -> "the message names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String s : parts) assertTrue(message.contains(s), () -> "'" + s + "' not in: " + message);
    }

    @Test
    void craftedValidFileReads() throws IOException {
        Path p = craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]);
        assertEquals(List.of("a", "b"), new ArrayList<>(SafeTensors.read(p).tensors().keySet()));
    }

    @Test
    void truncatedFileNamesTheTensorThatRunsPastTheEnd() throws IOException {
        Path p = dir.resolve("full.safetensors");
        SafeTensors.write(p, sample(), null);
        byte[] raw = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(raw, raw.length - 6)); // into the last tensor, 'c'
        assertMentions(readError(cut), "'c'", "truncated");
    }

    @Test
    void overlappingOffsetsNameTheTensor() throws IOException {
        Path p = craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertMentions(readError(p), "'b'", "starts at byte 4");
    }

    @Test
    void gapBetweenTensorsNamesTheTensor() throws IOException {
        Path p = craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", new byte[20]);
        assertMentions(readError(p), "'b'", "starts at byte 12", "expected 8");
    }

    @Test
    void offsetsThatDisagreeWithTheShapeNameTheTensor() throws IOException {
        Path p = craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        assertMentions(readError(p), "'w'", "[3]", "12 bytes", "span 8");
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        Path p = craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[16]);
        assertMentions(readError(p), "trailing");
    }

    @Test
    void badHeaderLengthIsAnError() throws IOException {
        Path p = craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        byte[] raw = Files.readAllBytes(p);
        for (long n : new long[] {raw.length, 1L << 40, -1, 0, 1}) {
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
            Path bad = dir.resolve("bad" + (n & 0xff) + ".safetensors");
            Files.write(bad, raw);
            assertMentions(readError(bad), "header length " + n);
        }
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[5]);
        assertMentions(readError(tiny), "too short");
    }

    @Test
    void headerThatIsNotJsonOrLacksFieldsIsAnError() throws IOException {
        assertMentions(readError(craft("{\"w\": [", new byte[0])), "not valid JSON");
        assertMentions(readError(craft("[1, 2]", new byte[0])), "not a JSON object");
        assertMentions(readError(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", new byte[8])), "'w'", "data_offsets");
        assertMentions(readError(craft("{\"w\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8])), "'w'", "unknown dtype Q7");
    }

    /** Integer coercion took [4294967424, 5] for [128, 5] and ["128", 5.7] for [128, 5]; a name given twice was last-wins. */
    @Test
    void theHeaderIsParsedStrictly() throws IOException {
        assertMentions(readError(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967298],\"data_offsets\":[0,8]}}", new byte[8])),
                "'w'", "[4294967298]", "whole number in [0, 2^31)");
        assertMentions(readError(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", new byte[8])),
                "'w'", "whole number");
        assertMentions(readError(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.7],\"data_offsets\":[0,8]}}", new byte[8])),
                "'w'", "whole number");
        assertMentions(readError(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536, 65536],\"data_offsets\":[0,8]}}", new byte[8])),
                "'w'", "more than 2^31 - 1 elements");
        assertMentions(readError(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[\"0\",8]}}", new byte[8])),
                "'w'", "data_offsets");
        assertMentions(readError(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", new byte[8])),
                "'w'", "end before they begin");
        assertMentions(readError(craft("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8])), "not valid JSON", "Duplicate field 'w'");
        assertMentions(readError(craft("{\"__metadata__\":{\"n\":5},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                new byte[8])), "metadata 'n' is 5, not a string");
    }

    /** F32 data labelled I32 read as numbers near -2e9; a reader that wants F32 now says what it found. */
    @Test
    void aTensorStoredAsAnotherDtypeThanTheReaderWantsIsNamed() throws IOException {
        Path p = craft("{\"e\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        SafeTensors.Contents c = SafeTensors.read(p);
        IOException e = assertThrows(IOException.class, () -> c.require("e", "F32", p));
        assertEquals("safetensors file " + p + ": tensor 'e' is stored as I32, expected F32", e.getMessage());
        IOException w = assertThrows(IOException.class, () -> c.floatTensors(p));
        assertMentions(w.getMessage(), "'e' is stored as I32", "F32 or F64");
    }

    // ---------------------------------------------------------------- loading into a module

    @Test
    void loadStateDictFromAFileNamesMissingAndMisshapenTensors() throws IOException {
        Module model = new Sequential(new Linear(4, 3, new Generator(0)), BatchNorm.batchNorm1d(3));
        Path p = dir.resolve("m.safetensors");
        Map<String, NDArray> state = new LinkedHashMap<>(model.stateDict());
        state.remove("1.running_var");
        state.put("0.weight", NDArray.zeros(4, 3));
        SafeTensors.write(p, state, null);
        Map<String, NDArray> read = SafeTensors.read(p).tensors();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(read, true));
        assertMentions(e.getMessage(), "missing '1.running_var'", "'0.weight' has shape [4, 3] in the state but [3, 4] in the model");
    }
}

package ionas.nn.io;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ionas.tensor.DType;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format (huggingface/safetensors), so that checkpoints move
 * between ionas and PyTorch: an 8-byte little-endian header length, a JSON header mapping each
 * name to {@code dtype}, {@code shape} and {@code data_offsets} (plus an optional string map
 * {@code __metadata__}), then the raw little-endian data in row-major order.
 *
 * <p>Writing is atomic ({@link AtomicFiles}): a crash leaves either the old file or the new one.
 * Reading checks everything a corrupt file can get wrong and names the tensor at fault.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** A name given twice in a header is an error, not last-wins. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final String METADATA = "__metadata__";

    /** What a file holds: tensors in file order, and the metadata strings. */
    /** The name of a batch norm's counter of batches, an integer in PyTorch's files. */
    private static final String BATCHES_TRACKED = "num_batches_tracked";

    public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata, Map<String, String> dtypes) {
        /**
         * The tensor {@code name}, which must be stored as {@code dtype}: every tensor is decoded
         * to float, so without this an F32 file labelled I32 read as numbers near -2e9.
         */
        public NDArray require(String name, String dtype, Path file) throws IOException {
            NDArray t = tensors.get(name);
            if (t == null) throw new IOException("safetensors file " + file + " has no tensor '" + name + "'");
            if (!dtype.equals(dtypes.get(name)))
                throw new IOException("safetensors file " + file + ": tensor '" + name + "' is stored as " + dtypes.get(name) + ", expected " + dtype);
            return t;
        }

        /**
         * Every tensor, each of which must be stored as F32 or F64, as model weights and optimiser
         * state are; the one exception is a batch norm's {@code num_batches_tracked}, a counter
         * that PyTorch stores as I64.
         */
        public Map<String, NDArray> floatTensors(Path file) throws IOException {
            for (var e : dtypes.entrySet()) {
                boolean counter = e.getKey().equals(BATCHES_TRACKED) || e.getKey().endsWith("." + BATCHES_TRACKED);
                if (!e.getValue().equals("F32") && !e.getValue().equals("F64") && !counter)
                    throw new IOException("safetensors file " + file + ": tensor '" + e.getKey() + "' is stored as " + e.getValue()
                            + ", but weights and optimiser state are F32 or F64");
            }
            return tensors;
        }
    }

    // ---------------------------------------------------------------- writing

    public static void write(Path path, Map<String, NDArray> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            // sorted keys: callers' maps (Map.of's order changes from JVM to JVM) must not change the file's bytes
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        List<byte[]> blobs = new ArrayList<>();
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("safetensors: '" + METADATA + "' is reserved");
            NDArray t = e.getValue();
            byte[] blob = bytes(t);
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", t.dtype() == DType.FLOAT64 ? "F64" : "F32");
            var shape = entry.putArray("shape");
            for (int d : t.shape()) shape.add(d);
            entry.putArray("data_offsets").add(offset).add(offset + blob.length);
            offset += blob.length;
            blobs.add(blob);
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // the reference writer pads the header with spaces to 8 bytes
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();

        ByteBuffer file = ByteBuffer.allocate(Math.toIntExact(head.remaining() + offset));
        file.put(head);
        for (byte[] b : blobs) file.put(b);
        AtomicFiles.write(path, file.array());
    }

    private static byte[] bytes(NDArray t) {
        if (t.dtype() == DType.FLOAT64) {
            double[] v = t.toDoubleArray();
            ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(v);
            return b.array();
        }
        float[] v = t.toFloatArray();
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a file. F32 and F64 keep their type; F16, BF16 and the integer types (PyTorch stores
     * batch norm's {@code num_batches_tracked} as I64) become float32.
     */
    public static Contents read(Path path) throws IOException {
        byte[] all = Files.readAllBytes(path);
        Layout layout = layout(path, ByteBuffer.wrap(all), all.length);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        Map<String, String> dtypes = new LinkedHashMap<>();
        for (Entry e : layout.entries()) {
            ByteBuffer data = ByteBuffer.wrap(all, (int) (layout.dataStart() + e.begin()), (int) (e.end() - e.begin())).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            tensors.put(e.name(), decode(e.dtype(), data, e.shape()));
            dtypes.put(e.name(), e.dtype());
        }
        return new Contents(tensors, layout.metadata(), dtypes);
    }

    /** A float32 tensor of a memory-mapped file: its shape and its bytes, little-endian, row-major. */
    public record MappedTensor(int[] shape, MemorySegment data) {
        private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

        /** Element {@code i} in row-major order. */
        public float get(long i) {
            return data.getAtIndex(F32, i);
        }

        /** Copies {@code n} elements starting at element {@code from} into {@code dst[offset..]}. */
        public void copy(long from, float[] dst, int offset, int n) {
            MemorySegment.copy(data, F32, from * Float.BYTES, dst, offset, n);
        }
    }

    /** What a mapped file holds: its F32 tensors by name (file order) and the metadata strings. */
    public record Mapped(Map<String, MappedTensor> tensors, Map<String, String> metadata) {
        public MappedTensor require(String name, Path file) throws IOException {
            MappedTensor t = tensors.get(name);
            if (t == null) throw new IOException("safetensors file " + file + " has no tensor '" + name + "'");
            return t;
        }
    }

    /**
     * Maps a file into memory instead of reading it, for data sets larger than the heap: the
     * operating system pages the bytes in as they are used, and files of any size work (a
     * {@link MemorySegment} is not limited to 2 GB as a {@code MappedByteBuffer} is). The mapping
     * lives as long as {@code arena}. Only F32 tensors can be mapped.
     */
    public static Mapped map(Path path, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            long n = Math.min(ch.size(), 8 + MAX_MAPPED_HEADER);
            ByteBuffer head = ByteBuffer.allocate((int) n);
            MemorySegment.copy(file, ValueLayout.JAVA_BYTE, 0, MemorySegment.ofBuffer(head), ValueLayout.JAVA_BYTE, 0, n);
            Layout layout = layout(path, head, ch.size());
            Map<String, MappedTensor> tensors = new LinkedHashMap<>();
            for (Entry e : layout.entries()) {
                if (!e.dtype().equals("F32"))
                    throw new IOException("safetensors file " + path + ": tensor '" + e.name() + "' is " + e.dtype() + "; only F32 can be mapped");
                tensors.put(e.name(), new MappedTensor(e.shape(), file.asSlice(layout.dataStart() + e.begin(), e.end() - e.begin())));
            }
            return new Mapped(tensors, layout.metadata());
        }
    }

    private static final int MAX_MAPPED_HEADER = 100 << 20;

    private record Entry(String name, String dtype, int[] shape, long begin, long end) {}

    /** The checked header: where the data starts, the tensors in offset order, the metadata. */
    private record Layout(long dataStart, List<Entry> entries, Map<String, String> metadata) {}

    /**
     * Parses and checks the header at the start of {@code head} (which holds at least the header)
     * for a file of {@code fileLength} bytes.
     */
    private static Layout layout(Path path, ByteBuffer head, long fileLength) throws IOException {
        String where = "safetensors file " + path;
        if (fileLength < 8) throw new IOException(where + " is too short (" + fileLength + " bytes) to hold a header");
        long n = head.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 2 || n > fileLength - 8 || n > head.capacity() - 8)
            throw new IOException(where + ": header length " + n + " does not fit in a file of " + fileLength + " bytes");
        JsonNode header;
        try {
            header = JSON.readTree(new String(head.array(), head.arrayOffset() + 8, (int) n, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(where + ": the header is not valid JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) throw new IOException(where + ": the header is not a JSON object");
        long dataStart = 8 + n;
        long dataLength = fileLength - dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            var f = it.next();
            if (f.getKey().equals(METADATA)) {
                if (!f.getValue().isObject()) throw new IOException(where + ": " + METADATA + " is not an object of strings");
                for (var m : (Iterable<Map.Entry<String, JsonNode>>) f.getValue()::fields) {
                    if (!m.getValue().isTextual())
                        throw new IOException(where + ": metadata '" + m.getKey() + "' is " + m.getValue() + ", not a string");
                    metadata.put(m.getKey(), m.getValue().asText());
                }
                continue;
            }
            String name = f.getKey();
            JsonNode e = f.getValue();
            JsonNode dtype = e.get("dtype"), shape = e.get("shape"), offsets = e.get("data_offsets");
            if (dtype == null || shape == null || offsets == null || !dtype.isTextual() || !shape.isArray() || !offsets.isArray()
                    || offsets.size() != 2)
                throw new IOException(where + ": tensor '" + name + "' lacks a dtype string, a shape list or two data_offsets");
            // strictly: integer coercion took [4294967424, 5] for [128, 5] and ["128", 5.7] for [128, 5]
            int[] dims = new int[shape.size()];
            long numel = 1;
            for (int i = 0; i < dims.length; i++) {
                JsonNode d = shape.get(i);
                if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0)
                    throw new IOException(where + ": tensor '" + name + "' has shape " + shape + ": each size must be a whole number in [0, 2^31)");
                dims[i] = d.intValue();
                numel *= dims[i];
                if (numel > Integer.MAX_VALUE)
                    throw new IOException(where + ": tensor '" + name + "' of shape " + shape + " has more than 2^31 - 1 elements");
            }
            for (JsonNode o : offsets) {
                if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0)
                    throw new IOException(where + ": tensor '" + name + "' has data_offsets " + offsets + ": each must be a whole number >= 0");
            }
            if (offsets.get(0).longValue() > offsets.get(1).longValue())
                throw new IOException(where + ": tensor '" + name + "' has data_offsets " + offsets + " that end before they begin");
            entries.add(new Entry(name, dtype.asText(), dims, offsets.get(0).longValue(), offsets.get(1).longValue()));
        }

        // The data of the tensors must tile the data section exactly, as the reference reader requires.
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.begin() != expected)
                throw new IOException(where + ": tensor '" + e.name() + "' starts at byte " + e.begin() + " of the data, expected " + expected);
            int size = elementSize(e.dtype(), e.name(), where);
            long bytes = (long) Shapes.numel(e.shape()) * size;
            if (e.end() - e.begin() != bytes)
                throw new IOException(where + ": tensor '" + e.name() + "' of shape " + Shapes.str(e.shape()) + " and dtype " + e.dtype()
                        + " needs " + bytes + " bytes but its offsets span " + (e.end() - e.begin()));
            if (e.end() > dataLength)
                throw new IOException(where + ": tensor '" + e.name() + "' ends at byte " + e.end() + " of the data, which has only " + dataLength + " bytes (the file is truncated)");
            expected = e.end();
        }
        if (expected != dataLength)
            throw new IOException(where + ": the tensors cover " + expected + " bytes of data but the file holds " + dataLength
                    + (expected < dataLength ? " (trailing bytes)" : " (the file is truncated)"));
        return new Layout(dataStart, byOffset, metadata);
    }

    private static int elementSize(String dtype, String name, String where) throws IOException {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> throw new IOException(where + ": tensor '" + name + "' has unknown dtype " + dtype);
        };
    }

    private static NDArray decode(String dtype, ByteBuffer b, int[] shape) {
        int n = Shapes.numel(shape);
        if (dtype.equals("F64")) {
            double[] v = new double[n];
            b.asDoubleBuffer().get(v);
            return NDArray.of(v, shape);
        }
        float[] v = new float[n];
        switch (dtype) {
            case "F32" -> b.asFloatBuffer().get(v);
            case "F16" -> { for (int i = 0; i < n; i++) v[i] = Float.float16ToFloat(b.getShort(2 * i)); }
            case "BF16" -> { for (int i = 0; i < n; i++) v[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16); }
            case "I64" -> { for (int i = 0; i < n; i++) v[i] = b.getLong(8 * i); }
            case "U64" -> { for (int i = 0; i < n; i++) v[i] = Float.parseFloat(Long.toUnsignedString(b.getLong(8 * i))); }
            case "I32" -> { for (int i = 0; i < n; i++) v[i] = b.getInt(4 * i); }
            case "U32" -> { for (int i = 0; i < n; i++) v[i] = Integer.toUnsignedLong(b.getInt(4 * i)); }
            case "I16" -> { for (int i = 0; i < n; i++) v[i] = b.getShort(2 * i); }
            case "U16" -> { for (int i = 0; i < n; i++) v[i] = b.getShort(2 * i) & 0xFFFF; }
            case "I8" -> { for (int i = 0; i < n; i++) v[i] = b.get(i); }
            case "U8", "BOOL" -> { for (int i = 0; i < n; i++) v[i] = b.get(i) & 0xFF; }
            default -> throw new IllegalStateException("unreachable: " + dtype);
        }
        return NDArray.of(v, shape);
    }
}

package ionas.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ionas.kernels.cuda.CudaDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --device} on every command that trains or runs networks. Each command line below points at
 * data that does not exist, so a command that looked at the device only after reading its data
 * would fail with another message (or, for arch2vec, first print its data summary and create its
 * output folder).
 */
class DeviceOptionTest {
    @TempDir
    Path dir;

    static Stream<String> commands() {
        return Stream.of("pretrain", "arch2vec train", "io-dataset build", "io-model train", "reproduce");
    }

    /** The command line of {@code command} with missing inputs and an output folder under {@code dir}. */
    private String[] args(String command, String device) {
        List<String> a = new ArrayList<>(List.of("--data", dir.resolve("data").toString()));
        a.addAll(List.of(command.split(" ")));
        a.addAll(switch (command) {
            case "pretrain" -> List.of("--cells", dir.resolve("missing.json").toString());
            case "arch2vec train" -> List.of("--max-vertices", "3");
            case "io-dataset build" -> List.of("--pretrained", dir.resolve("missing").toString());
            case "io-model train" -> List.of("--io", dir.resolve("missing").toString(), "--max-vertices", "3");
            case "reproduce" -> List.of("--report", dir.resolve("report").toString());
            default -> throw new IllegalArgumentException(command);
        });
        a.addAll(List.of("--out", dir.resolve("out").toString(), "--device", device));
        return a.toArray(String[]::new);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aGpuThatIsNotHereFailsAtOnceWithTheReason(String command) {
        assumeFalse(CudaDevice.probe().available(), "a GPU is usable here");
        CliRun r = CliRun.of(args(command, "cuda:0"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("ionas " + command + ": error: device cuda:0 is not available: "), r.err());
        assertEquals("", r.out(), "nothing ran");
        assertFalse(Files.exists(dir.resolve("out")), "nothing was written");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anUnknownDeviceIsAUsageError(String command) {
        CliRun r = CliRun.of(args(command, "bogus"));
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("unknown device 'bogus': expected cpu, cuda or cuda:N"), r.err());
        assertTrue(r.err().contains("Usage: ionas " + command), r.err());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpNamesTheOption(String command) {
        List<String> a = new ArrayList<>(List.of(command.split(" ")));
        a.add("--help");
        CliRun r = CliRun.of(a.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("--device=DEVICE") && r.out().contains("cpu (default) or cuda:N"), r.out());
    }
}

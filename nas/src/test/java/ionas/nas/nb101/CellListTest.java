package ionas.nas.nb101;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cell lists: names become folder names, so each must be one safe name, and no two cells may share one. */
class CellListTest {
    private static final String CELL = "\"matrix\": [[0, 1], [0, 0]], \"ops\": [\"input\", \"output\"]";

    @TempDir
    Path dir;

    private Path list(String json) throws IOException {
        Path f = dir.resolve("cells.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void namedAndUnnamedCellsAreRead() throws IOException {
        List<CellList.Named> cells = CellList.read(list("[{\"name\": \"a.b_c-1\", " + CELL + "}, {" + CELL + "}, {\"name\": \"train/9018\", "
                + CELL + "}]"));
        assertEquals(List.of("a.b_c-1", "cell1", "train/9018"), cells.stream().map(CellList.Named::name).toList(), "a role/hash path is fine");
    }

    /** "../x" wrote the network's folder outside --out; "/x" and ".hidden" made folders nobody asked for. */
    @Test
    void aNameThatIsNotOneSafeFolderNameIsAnError() throws IOException {
        for (String name : List.of("../x", "train/../../x", "/x", ".hidden", "", "x y")) {
            Path f = list("[{\"name\": \"ok\", " + CELL + "}, {\"name\": \"" + name + "\", " + CELL + "}]");
            IOException e = assertThrows(IOException.class, () -> CellList.read(f), name);
            assertTrue(e.getMessage().startsWith(f + ": cell 1: the name '" + name + "' cannot name a folder: "), e.getMessage());
        }
    }

    /** The second of two cells with one name found the first's finished folder and was never trained. */
    @Test
    void twoCellsWithOneNameAreAnError() throws IOException {
        Path f = list("[{\"name\": \"same\", " + CELL + "}, {\"name\": \"other\", " + CELL + "}, {\"name\": \"same\", " + CELL + "}]");
        IOException e = assertThrows(IOException.class, () -> CellList.read(f));
        assertEquals(f + ": cell 2: the name 'same' is cell 0's too", e.getMessage());
    }
}

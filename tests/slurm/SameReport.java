import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether two reports of the same preset and data say the same: summary.json and index.html equal
 * but for what differs between any two runs by nature, which is left out and named:
 * <ul>
 *   <li>where the run was (summary.json's "run", the report's "run folder") and when the report was
 *       written ("generated"): two runs are two folders at two times;</li>
 *   <li>wall-clock measures in index.html: the table columns whose header is a time or a rate
 *       ("training time (sum)", "time", "batches/s", "wall time per run") and the rows "wall time
 *       (all epochs)". They measure the machine while the run was on it, and a cluster job shares it.</li>
 * </ul>
 * Every number the runs compute is compared. Prints "report equal to the direct run" or each
 * difference, and exits 1 on any.
 *
 *   java -cp experiments/target/ionas.jar tests/slurm/SameReport.java DIRECT/report OTHER/report
 */
public final class SameReport {
    private static final Pattern HEADER = Pattern.compile("<th>(.*?)</th>"), CELL = Pattern.compile("(<td[^>]*>)(.*?)(</td>)");
    private static final Pattern WALL_CLOCK_COLUMN = Pattern.compile("time|/s$"), WALL_CLOCK_ROW = Pattern.compile("^wall time");

    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: SameReport EXPECTED-REPORT-DIR ACTUAL-REPORT-DIR");
        Path a = Path.of(args[0]), b = Path.of(args[1]);
        ObjectMapper json = new ObjectMapper();
        ObjectNode sa = (ObjectNode) json.readTree(a.resolve("summary.json").toFile()), sb = (ObjectNode) json.readTree(b.resolve("summary.json").toFile());
        List<String> differences = new ArrayList<>();
        int[] wallClock = new int[1];
        List<String> ha = html(a, sa, wallClock), hb = html(b, sb, new int[1]);
        for (String field : new String[] {"run", "generated"}) {
            sa.remove(field);
            sb.remove(field);
        }
        if (!sa.equals(sb)) differences.add("summary.json differs:\n  " + sa + "\n  " + sb);
        for (int i = 0; i < Math.max(ha.size(), hb.size()); i++) {
            String la = i < ha.size() ? ha.get(i) : "(none)", lb = i < hb.size() ? hb.get(i) : "(none)";
            if (!la.equals(lb)) differences.add("index.html line " + (i + 1) + ":\n  " + la + "\n  " + lb);
        }
        if (!differences.isEmpty()) {
            differences.stream().limit(20).forEach(System.out::println);
            System.out.println("reports differ: " + differences.size() + " differences");
            System.exit(1);
        }
        System.out.printf("report equal to the direct run (summary.json: %d headline numbers, index.html: %d lines; left out: run folder, "
                + "date, %d wall-clock cells)%n", sa.get("headlines").size(), ha.size(), wallClock[0]);
    }

    /** index.html's lines with the run folder, the date and the wall-clock cells replaced by placeholders. */
    private static List<String> html(Path report, JsonNode summary, int[] wallClock) throws IOException {
        List<String> lines = new ArrayList<>();
        List<String> header = List.of();
        for (String line : Files.readAllLines(report.resolve("index.html"))) {
            line = line.replace(summary.get("run").asText(), "RUN").replace(summary.get("generated").asText(), "DATE");
            if (line.contains("<th>")) {
                header = new ArrayList<>();
                for (Matcher m = HEADER.matcher(line); m.find(); ) header.add(m.group(1));
            } else if (line.startsWith("<tr><td")) {
                StringBuilder out = new StringBuilder();
                Matcher m = CELL.matcher(line);
                int column = 0, end = 0;
                boolean wallRow = false;
                while (m.find()) {
                    String text = m.group(2);
                    if (column == 0) wallRow = WALL_CLOCK_ROW.matcher(text).find();
                    boolean wall = column > 0 && (wallRow || column < header.size() && WALL_CLOCK_COLUMN.matcher(header.get(column)).find());
                    if (wall) wallClock[0]++;
                    out.append(line, end, m.start()).append(m.group(1)).append(wall ? "WALL-CLOCK" : text).append(m.group(3));
                    end = m.end();
                    column++;
                }
                line = out.append(line.substring(end)).toString();
            }
            lines.add(line);
        }
        return lines;
    }
}

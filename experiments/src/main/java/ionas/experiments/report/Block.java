package ionas.experiments.report;

import java.nio.file.Path;
import java.util.List;

/**
 * One piece of the report's content. The report is built once as blocks and then rendered twice,
 * to Markdown and to HTML, so that both always say the same thing.
 */
sealed interface Block {

    /** A heading; level 2 starts a step's section, level 3 a part of it. */
    record Heading(int level, String text, String anchor) implements Block {}

    /** Running text. */
    record Paragraph(String text) implements Block {}

    /** A remark the reader should not miss: a step that did not run, or a caveat on comparability. */
    record Note(String text) implements Block {}

    /** A list of short items. */
    record Bullets(List<String> items) implements Block {
        public Bullets {
            items = List.copyOf(items);
        }
    }

    /** Lines of shell commands, shown verbatim. */
    record Code(List<String> lines) implements Block {
        public Code {
            lines = List.copyOf(lines);
        }
    }

    /**
     * A table whose caption says what ran (the variant), so it can be read on its own.
     *
     * @param rows  every row has as many cells as the header
     * @param style a name the HTML page can lay the table out by (its CSS class), null for the usual layout
     */
    record Table(String caption, List<String> header, List<List<String>> rows, String style) implements Block {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> r : rows)
                if (r.size() != header.size())
                    throw new IllegalArgumentException("row " + r + " has " + r.size() + " cells, header " + header.size());
        }

        Table(String caption, List<String> header, List<List<String>> rows) {
            this(caption, header, rows, null);
        }
    }

    /**
     * A chart copied into the report.
     *
     * @param source the PNG in the run folder
     * @param name   its file name under the report's {@code figures/}
     */
    record Figure(Path source, String name, String caption) implements Block {}
}

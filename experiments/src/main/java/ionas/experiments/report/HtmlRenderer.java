package ionas.experiments.report;

import java.util.List;

/**
 * Renders blocks as one self-contained HTML page: the style sheet is embedded and figures are
 * relative links into {@code figures/}, so the folder can be copied or zipped as a whole. Every
 * piece of text is escaped, since names and values come from files in the run folder, and void
 * elements are self-closed, so the page is also well-formed XML that tools can check.
 */
final class HtmlRenderer {
    private static final String CSS = """
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
                   max-width: 1100px; margin: 2em auto; padding: 0 1.2em; }
            h1 { font-size: 1.7em; border-bottom: 2px solid #d0d7de; padding-bottom: .3em; }
            h2 { font-size: 1.35em; margin-top: 2.2em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
            h3 { font-size: 1.1em; margin-top: 1.6em; }
            nav { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .4em 1em; }
            nav a { margin-right: 1.2em; white-space: nowrap; }
            a { color: #0969da; text-decoration: none; }
            table { border-collapse: collapse; margin: .4em 0 1.4em; font-size: 13.5px; min-width: 50%; }
            caption { caption-side: top; text-align: left; font-weight: 600; padding: .3em 0; }
            th, td { border: 1px solid #d0d7de; padding: .25em .6em; vertical-align: top; }
            th { background: #f0f3f6; text-align: left; }
            td { font-variant-numeric: tabular-nums; }
            tr:nth-child(even) td { background: #fafbfc; }
            td.num { white-space: nowrap; }
            .wide { overflow-x: auto; }
            td.missing, span.missing { color: #8c959f; font-style: italic; }
            table.results { table-layout: fixed; width: 100%; }
            table.results td { white-space: normal; overflow-wrap: break-word; }
            table.results th:nth-child(1) { width: 19%; } table.results th:nth-child(2) { width: 19%; }
            table.results th:nth-child(3), table.results th:nth-child(4) { width: 14%; }
            table.results th:nth-child(5) { width: 10%; } table.results th:nth-child(6) { width: 24%; }
            pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .6em .9em; overflow-x: auto; font-size: 12.5px; }
            td.verdict-matches, td.verdict-better { color: #1a7f37; font-weight: 600; white-space: nowrap; }
            td.verdict-worse { color: #cf222e; font-weight: 600; white-space: nowrap; }
            td.verdict-inconclusive, td.verdict-not-comparable { color: #9a6700; white-space: nowrap; }
            .note { background: #fff8c5; border-left: 4px solid #d4a72c; padding: .5em .9em; margin: 1em 0; }
            figure { margin: 1em 0 1.8em; }
            figure img { max-width: 100%; border: 1px solid #d0d7de; }
            figcaption { color: #57606a; font-size: 13.5px; margin-top: .3em; }
            """;

    private HtmlRenderer() {}

    static String render(String title, List<Block> blocks) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<h1>")
                .append(esc(title)).append("</h1>\n");
        nav(out, blocks);
        for (Block b : blocks) {
            switch (b) {
                case Block.Heading h -> {
                    out.append("<h").append(h.level());
                    if (h.anchor() != null) out.append(" id=\"").append(esc(h.anchor())).append('"');
                    out.append('>').append(esc(h.text())).append("</h").append(h.level()).append(">\n");
                }
                case Block.Paragraph p -> out.append("<p>").append(esc(p.text())).append("</p>\n");
                case Block.Note n -> out.append("<p class=\"note\">").append(esc(n.text())).append("</p>\n");
                case Block.Bullets l -> {
                    out.append("<ul>\n");
                    for (String item : l.items()) out.append("<li>").append(esc(item)).append("</li>\n");
                    out.append("</ul>\n");
                }
                case Block.Code c -> out.append("<pre><code>").append(esc(String.join("\n", c.lines()))).append("</code></pre>\n");
                case Block.Table t -> table(out, t);
                case Block.Figure f -> out.append("<figure><img src=\"figures/").append(esc(f.name())).append("\" alt=\"")
                        .append(esc(f.caption())).append("\" /><figcaption>").append(esc(f.caption())).append("</figcaption></figure>\n");
            }
        }
        return out.append("</body>\n</html>\n").toString();
    }

    /** Links to every step's section. */
    private static void nav(StringBuilder out, List<Block> blocks) {
        out.append("<nav>");
        for (Block b : blocks)
            if (b instanceof Block.Heading h && h.level() == 2 && h.anchor() != null)
                out.append("<a href=\"#").append(esc(h.anchor())).append("\">").append(esc(h.text())).append("</a> ");
        out.append("</nav>\n");
    }

    private static void table(StringBuilder out, Block.Table t) {
        out.append("<div class=\"wide\"><table").append(t.style() == null ? "" : " class=\"" + esc(t.style()) + "\"").append(">\n<caption>")
                .append(esc(t.caption())).append("</caption>\n<thead><tr>");
        for (String h : t.header()) out.append("<th>").append(esc(h)).append("</th>");
        out.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : t.rows()) {
            out.append("<tr>");
            for (String c : r) out.append("<td").append(cellClass(c)).append('>').append(esc(c)).append("</td>");
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table></div>\n");
    }

    /** Missing values are greyed, verdicts coloured, numbers kept on one line. */
    private static String cellClass(String cell) {
        if (cell.equals(Section.NOT_RUN) || cell.equals(Fmt.NA)) return " class=\"missing\"";
        for (Verdict v : Verdict.values()) if (cell.equals(v.label)) return " class=\"verdict-" + v.label.replace(' ', '-') + "\"";
        return isNumber(cell) ? " class=\"num\"" : "";
    }

    /**
     * A cell that starts with a number (a value, an interval, mean ± spread) is kept on one line,
     * unless words follow it (a number with remarks), which would make the column too wide.
     */
    private static boolean isNumber(String cell) {
        return !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '-') && cell.length() <= 32;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

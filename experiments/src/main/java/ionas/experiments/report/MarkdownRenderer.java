package ionas.experiments.report;

import java.util.List;

/** Renders blocks as GitHub-flavoured Markdown, with figures linked relative to the report folder. */
final class MarkdownRenderer {
    private MarkdownRenderer() {}

    static String render(String title, List<Block> blocks) {
        StringBuilder out = new StringBuilder("# ").append(text(title)).append("\n\n");
        for (Block b : blocks) {
            switch (b) {
                case Block.Heading h -> out.append("#".repeat(h.level())).append(' ').append(text(h.text())).append("\n\n");
                case Block.Paragraph p -> out.append(text(p.text())).append("\n\n");
                case Block.Note n -> out.append("> **Note:** ").append(text(n.text())).append("\n\n");
                case Block.Bullets l -> {
                    for (String item : l.items()) out.append("- ").append(text(item)).append('\n');
                    out.append('\n');
                }
                case Block.Code c -> out.append("```sh\n").append(String.join("\n", c.lines())).append("\n```\n\n");
                case Block.Table t -> table(out, t);
                case Block.Figure f -> out.append("![").append(text(f.caption())).append("](figures/").append(f.name())
                        .append(")\n\n*").append(text(f.caption())).append("*\n\n");
            }
        }
        return out.toString();
    }

    private static void table(StringBuilder out, Block.Table t) {
        out.append("**").append(text(t.caption())).append("**\n\n");
        row(out, t.header());
        out.append('|').append("---|".repeat(t.header().size())).append('\n');
        for (List<String> r : t.rows()) row(out, r);
        out.append('\n');
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String c : cells) out.append(' ').append(text(c).replace("|", "\\|")).append(" |");
        out.append('\n');
    }

    /** Text from the run (names, config values) must not turn into HTML or break a line of a table. */
    private static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('\n', ' ');
    }
}

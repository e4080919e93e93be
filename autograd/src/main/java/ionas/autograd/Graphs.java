package ionas.autograd;

import ionas.tensor.Shapes;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shows the graph behind a tensor: as an indented tree for the terminal, or as Graphviz DOT
 * ({@code dot -Tpng graph.dot -o graph.png}). Tensors used more than once are printed once and then
 * referred to by number.
 */
public final class Graphs {
    private Graphs() {}

    /** An indented tree, the output at the top and leaves at the bottom. */
    public static String toText(Tensor root) {
        StringBuilder sb = new StringBuilder();
        text(root, "", "", new IdentityHashMap<>(), sb);
        return sb.toString();
    }

    private static void text(Tensor t, String firstPrefix, String prefix, Map<Tensor, Integer> seen, StringBuilder sb) {
        Integer id = seen.get(t);
        if (id != null) {
            sb.append(firstPrefix).append("#").append(id).append(" (shown above)\n");
            return;
        }
        id = seen.size() + 1;
        seen.put(t, id);
        sb.append(firstPrefix).append('#').append(id).append(' ').append(label(t)).append('\n');
        if (t.gradFn() == null) return;
        List<Tensor> inputs = List.of(t.gradFn().inputs());
        for (int i = 0; i < inputs.size(); i++) {
            boolean last = i == inputs.size() - 1;
            text(inputs.get(i), prefix + (last ? "└─ " : "├─ "), prefix + (last ? "   " : "│  "), seen, sb);
        }
    }

    /** One line about a tensor: its op (or that it is a leaf), name, shape and whether it wants a gradient. */
    public static String label(Tensor t) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.gradFn() != null ? t.gradFn().name() : "leaf");
        if (t.name() != null) sb.append(" '").append(t.name()).append('\'');
        sb.append(' ').append(Shapes.str(t.shape()));
        if (t.isLeaf() && t.requiresGrad()) sb.append(" requiresGrad");
        if (!t.requiresGrad()) sb.append(" constant");
        return sb.toString();
    }

    /** Graphviz DOT: tensors are ellipses (leaves filled), ops are boxes, edges follow the data. */
    public static String toDot(Tensor root) {
        StringBuilder sb = new StringBuilder("digraph autograd {\n  rankdir=BT;\n  node [fontname=\"Helvetica\"];\n");
        dot(root, new IdentityHashMap<>(), sb);
        return sb.append("}\n").toString();
    }

    private static String dot(Tensor t, Map<Tensor, String> ids, StringBuilder sb) {
        String id = ids.get(t);
        if (id != null) return id;
        id = "t" + ids.size();
        ids.put(t, id);
        String name = t.name() != null ? t.name() + "\\n" : "";
        String style = t.isLeaf() ? (t.requiresGrad() ? ", style=filled, fillcolor=lightblue" : ", style=filled, fillcolor=lightgray") : "";
        sb.append("  ").append(id).append(" [shape=ellipse, label=\"").append(name).append(Shapes.str(t.shape()))
                .append('"').append(style).append("];\n");
        if (t.gradFn() != null) {
            String op = id + "_op";
            sb.append("  ").append(op).append(" [shape=box, label=\"").append(t.gradFn().name().replace("\"", "'")).append("\"];\n");
            sb.append("  ").append(op).append(" -> ").append(id).append(";\n");
            for (Tensor in : t.gradFn().inputs()) {
                String inputId = dot(in, ids, sb); // writes the input's own nodes first
                sb.append("  ").append(inputId).append(" -> ").append(op).append(";\n");
            }
        }
        return id;
    }
}

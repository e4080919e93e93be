package ionas.nas.proxies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every proxy, in the column order of {@code proxies.csv}, and the parsing of a list of names. */
public final class Proxies {
    private Proxies() {}

    /** All of them, in column order. */
    public static final List<ZeroCostProxy> ALL = List.of(new Params(), new Flops(), new GradNorm(), new Snip(),
            new Grasp(), new Fisher(), new Synflow(), new JacobCov(), new Nwot());

    /** Their names, in column order. */
    public static List<String> names() {
        return ALL.stream().map(ZeroCostProxy::name).toList();
    }

    /** The proxy called {@code name}; a clear error naming the known ones otherwise. */
    public static ZeroCostProxy named(String name) {
        for (ZeroCostProxy p : ALL) if (p.name().equals(name)) return p;
        throw new IllegalArgumentException("unknown proxy '" + name + "'; the proxies are " + String.join(", ", names()));
    }

    /** The proxies of a comma-separated list, in column order, each once; {@code all} for every one. */
    public static List<ZeroCostProxy> parse(String list) {
        if (list.isBlank()) throw new IllegalArgumentException("no proxy named; the proxies are " + String.join(", ", names()));
        if (list.trim().equals("all")) return ALL;
        Map<String, ZeroCostProxy> asked = new LinkedHashMap<>();
        for (String n : list.split(",")) asked.put(n.trim(), named(n.trim()));
        List<ZeroCostProxy> ordered = new ArrayList<>();
        for (ZeroCostProxy p : ALL) if (asked.containsKey(p.name())) ordered.add(p);
        return ordered;
    }
}

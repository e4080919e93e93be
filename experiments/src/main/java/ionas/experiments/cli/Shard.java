package ionas.experiments.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * One part of a job split for a cluster's job array: {@code --shard i/n} takes the items whose
 * index modulo n is i (0-based), so the n parts are disjoint and together cover everything.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count <= 0 || index < 0 || index >= count)
            throw new IllegalArgumentException("a shard is i/n with 0 <= i < n, not " + index + "/" + count);
    }

    public boolean owns(int item) {
        return item % count == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** Parses {@code i/n} for picocli. */
    public static final class Converter implements ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            String[] parts = value.split("/");
            try {
                if (parts.length == 2) return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("expected i/n, e.g. 0/4, not '" + value + "'");
        }
    }
}

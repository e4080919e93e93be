package ionas.nas;

import java.util.AbstractList;
import java.util.List;
import java.util.function.IntFunction;

/** A read-only list that computes element {@code i} when asked: a space's cells or keys without holding them all. */
public final class IndexedList {
    private IndexedList() {}

    /** The list of {@code element.apply(0..size-1)}, each computed on every read. */
    public static <T> List<T> of(int size, IntFunction<T> element) {
        return new AbstractList<>() {
            @Override
            public T get(int index) {
                return element.apply(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}

package ionas.nas.nb101.data;

/** How a query turns a cell's repeated training runs into one result. */
public enum RepeatMode {
    /** One repeat drawn uniformly at random, as the official API's {@code query} ({@code random.randint(0, 2)}). */
    RANDOM,
    /** The mean over the repeats, as arch2vec's {@code data.json} (validation, test accuracy and training time). */
    MEAN
}

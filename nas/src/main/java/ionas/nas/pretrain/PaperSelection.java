package ionas.nas.pretrain;

import ionas.nas.random.NumpyRandomState;
import ionas.nas.space.CellSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Which networks to pretrain, chosen as info-NAS did (spec A.1): arch2vec splits the space by
 * index, the first 90% ({@code int(0.9 * 423,624) = 381,261} cells) for training and the rest held
 * out; labelled training networks are drawn from the first part and unseen "validation" networks
 * from the second, with NumPy's {@code RandomState(seed).choice}.
 *
 * <p>Two documented differences: the space is in ascending-hash order (arch2vec's order is the
 * official tfrecord's, which needs that file), and networks are drawn without replacement (the
 * reference draws with replacement and can pick a network twice).
 */
public record PaperSelection(List<String> trainHashes, List<String> validationHashes) {
    public static final double TRAIN_FRACTION = 0.9;

    public static PaperSelection of(CellSpace<?> space, int train, int validation, long seed) {
        int cut = (int) (TRAIN_FRACTION * space.size());
        if (train > cut || validation > space.size() - cut)
            throw new IllegalArgumentException("cannot choose " + train + " of " + cut + " training and " + validation + " of "
                    + (space.size() - cut) + " held-out cells");
        NumpyRandomState rs = new NumpyRandomState(seed);
        List<String> t = new ArrayList<>(), v = new ArrayList<>();
        for (int i : rs.choiceWithoutReplacement(cut, train)) t.add(space.key(i));
        for (int i : rs.choiceWithoutReplacement(space.size() - cut, validation)) v.add(space.key(cut + i));
        return new PaperSelection(List.copyOf(t), List.copyOf(v));
    }
}

package ionas.nas.training;

import java.io.IOException;

/**
 * One epoch of a trainer, as {@link ResumableTraining} runs it: every training batch, then the
 * evaluation. A trainer makes one for each epoch, so that what an epoch adds up (its losses, its
 * latent statistics, its start time) starts afresh.
 *
 * @param <M> the epoch's metrics
 */
public interface Epoch<M> {
    int batches();

    /** Trains on batch {@code batch} (from 0). Device memory allocated here is returned when it ends. */
    void step(int batch);

    /** The epoch's metrics, after its last step. */
    M evaluate() throws IOException;
}

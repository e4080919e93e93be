/**
 * The resumable epoch loop that every trainer of ionas runs (arch2vec's pre-training, the
 * pretraining of NAS-Bench-101 networks on CIFAR-10, the extended model's semi-supervised
 * training), written once: {@link ionas.nas.training.ResumableTraining} loads the checkpoint,
 * refuses one made with other settings, trains the epochs left with progress per batch, and after
 * every epoch rewrites the checkpoint and {@link ionas.nas.training.MetricsFile metrics.json}.
 * A trainer plugs in what is its own: the {@link ionas.nas.training.TrainingState} its
 * checkpoint holds (model, optimisers, generators) and each {@link ionas.nas.training.Epoch}
 * (its batches and its evaluation).
 */
package ionas.nas.training;

package ionas.experiments.cli;

import picocli.CommandLine.Command;

/** {@code ionas arch2vec ...}: arch2vec's graph autoencoder, pre-training and embeddings. */
@Command(name = "arch2vec",
        description = "arch2vec: pre-train the graph VAE on the NAS-Bench-101 space (or NAS-Bench-201: --space nb201), embed the space, and bound its decoding.",
        subcommands = {Arch2VecTrainCommand.class, Arch2VecEmbedCommand.class, Arch2VecCeilingCommand.class, Arch2VecLatentCommand.class})
public final class Arch2VecCommand extends CommandGroup {}

package ionas.experiments.cli;

import picocli.CommandLine.Command;

/** {@code ionas io-model ...}: the paper's extended model (section 3.3). */
@Command(name = "io-model",
        description = "The extended arch2vec model that also predicts networks' output features (paper section 3.3).",
        subcommands = {IoModelTrainCommand.class, IoModelEmbedCommand.class})
public final class IoModelCommand extends CommandGroup {}

package ionas.experiments.cli;

import picocli.CommandLine.Command;

/** {@code ionas io-dataset ...}: the IO dataset of the paper's section 3.2. */
@Command(name = "io-dataset",
        description = "The IO dataset: pooled output features of pretrained networks on CIFAR-10 images (paper section 3.2).",
        subcommands = {IoDatasetBuildCommand.class, IoDatasetInfoCommand.class})
public final class IoDatasetCommand extends CommandGroup {}

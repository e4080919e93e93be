package ionas.experiments.cli;

import ionas.experiments.tour.AutogradTour;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ionas tour NAME}: short runnable tours of the engine, for students. Each tour is a subcommand. */
@Command(name = "tour",
        description = "Runnable tours of the engine, for students reading the code.",
        subcommands = {TourCommand.Autograd.class})
public final class TourCommand extends CommandGroup {
    @Override
    String what() {
        return "tour";
    }

    @Command(name = "autograd",
            description = "One neuron and its loss: the graph, the value, the gradients, a gradient check"
                    + " against finite differences, anomaly mode catching a NaN and an Inf, and second derivatives"
                    + " (a Hessian-vector product).")
    static final class Autograd implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--dot", paramLabel = "FILE",
                description = "Also write the graph as Graphviz DOT to FILE (render it with: dot -Tpng FILE -o graph.png).")
        private Path dot;

        @Override
        public Integer call() throws Exception {
            boolean passed = new AutogradTour(spec.commandLine().getOut()).run(dot);
            return passed ? 0 : 1;
        }
    }
}

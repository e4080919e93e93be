package ionas.nas.search;

import ionas.nas.random.PythonRandom;
import java.util.ArrayDeque;

/**
 * Regularized (aging) evolution (Real et al. 2019) as NAS-Bench-101's example code runs it
 * ({@code run_evolution_search}: population 50, tournament 10): fill the population with random
 * cells; then repeatedly sample {@code tournament} members uniformly with replacement, mutate the
 * one with the best validation accuracy (first on ties), add the child and remove the oldest member.
 * Every evaluated cell, duplicates included, is charged; the run stops once the budget is spent.
 *
 * <p>Randomness comes from {@link PythonRandom} seeded with the seed (NAS-Bench-101's code uses
 * Python's {@code random} too, but reproducing its runs would also need its random graph
 * generator; not attempted).
 */
public final class RegularizedEvolution implements SearchAlgorithm {
    public static final int NASBENCH_POPULATION = 50, NASBENCH_TOURNAMENT = 10;
    /**
     * NAS-Bench-201's settings for its regularized evolution (the benchmark's search scripts:
     * {@code --ea_population 10 --ea_sample_size 3}).
     */
    public static final int NB201_POPULATION = 10, NB201_TOURNAMENT = 3;

    /** The name of its files and plots. */
    public static final String NAME = "evolution";

    private final Mutation mutation;
    private final int population, tournament;
    private final double budget;

    public RegularizedEvolution(Mutation mutation, int population, int tournament, double budget) {
        if (population < 1 || tournament < 1) throw new IllegalArgumentException("population and tournament must be >= 1");
        this.mutation = mutation;
        this.population = population;
        this.tournament = tournament;
        this.budget = budget;
    }

    /** NAS-Bench-101's defaults with arch2vec's budget. */
    public RegularizedEvolution(Mutation mutation) {
        this(mutation, NASBENCH_POPULATION, NASBENCH_TOURNAMENT, ARCH2VEC_BUDGET);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String settings() {
        return "population=" + population + ", tournament=" + tournament + ", budget=" + budget; // the mutation follows the table
    }

    @Override
    public Trace run(SearchTable table, int seed) {
        PythonRandom rng = new PythonRandom(seed);
        TraceRecorder rec = new TraceRecorder(table, budget);
        ArrayDeque<Integer> pop = new ArrayDeque<>(population + 1);
        while (pop.size() < population && !rec.budgetSpent()) {
            int cell = mutation.randomCell(rng);
            rec.query(cell);
            pop.addLast(cell);
        }
        Integer[] members = new Integer[population];
        while (!rec.budgetSpent()) {
            pop.toArray(members);
            int parent = -1;
            for (int k = 0; k < tournament; k++) {
                int c = members[(int) rng.randbelow(pop.size())];
                if (parent < 0 || table.validAccuracy(c) > table.validAccuracy(parent)) parent = c;
            }
            int child = mutation.mutate(parent, rng);
            rec.query(child);
            pop.addLast(child);
            pop.removeFirst();
        }
        return rec.trace();
    }
}

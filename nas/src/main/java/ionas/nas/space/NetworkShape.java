package ionas.nas.space;

/**
 * The size of a cell network: a stem of {@code stemChannels}, then {@code stacks} stacks of
 * {@code cellsPerStack} cells with a down-sampling step between stacks (NAS-Bench-101's paper
 * network is 128, 3, 3; NAS-Bench-201's is 16, 3, 5).
 */
public record NetworkShape(int stemChannels, int stacks, int cellsPerStack) {
    public NetworkShape {
        if (stemChannels < 1 || stacks < 1 || cellsPerStack < 1)
            throw new IllegalArgumentException("network shape: stem channels, stacks and cells per stack must be positive, got "
                    + stemChannels + ", " + stacks + ", " + cellsPerStack);
    }
}

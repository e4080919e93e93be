package ionas.tensor.cuda.driver;

/**
 * The operations a stream capture recorded, each a node of the graph: what one replay runs for
 * the price of one launch.
 *
 * @param kernels kernel launches
 * @param memsets {@code cuMemsetD32Async}s
 * @param copies device-to-device copies
 */
public record CapturedWork(int kernels, int memsets, int copies) {
    /** Every node of the graph. */
    public int nodes() {
        return kernels + memsets + copies;
    }
}

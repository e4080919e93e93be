package ionas.tensor.cuda.driver;

/**
 * A stream capture as one {@link DeviceDriver} made it ready to launch: on a GPU an instantiated
 * {@code CUgraphExec}. Made by {@link DeviceDriver#endCapture}, replayed by
 * {@link DeviceDriver#launchGraph}, freed by {@link DeviceDriver#destroyGraph}. A handle belongs to
 * the driver that made it: another driver refuses it.
 */
public interface GraphHandle {
    /** What was queued while capturing: the graph's nodes. */
    CapturedWork work();
}

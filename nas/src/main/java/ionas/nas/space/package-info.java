/**
 * The search-space seam: what the rest of {@code ionas.nas} needs to know about a space of cells,
 * so that a second space (NAS-Bench-201) plugs in beside NAS-Bench-101.
 *
 * <p>A space ({@link ionas.nas.space.CellSpace}) numbers its cells and names each by a canonical
 * key (isomorphic cells share one); it says how a graph VAE reads a cell
 * ({@link ionas.nas.space.GraphEncoding}, with the matrix sizes in a
 * {@link ionas.nas.space.GraphLayout}), how evolution mutates one
 * ({@link ionas.nas.space.CellMutation}) and which network is trained for one
 * ({@link ionas.nas.space.CellNetworks}, each a {@link ionas.nas.space.CellNetwork} whose pooled
 * features the IO dataset records). A {@link ionas.nas.space.Benchmark} gives a cell's
 * recorded accuracies by key. Nothing here knows a space's vertex count, operations or size; the
 * NAS-Bench-101 implementation is {@code ionas.nas.nb101.space.Nb101Space}.
 */
package ionas.nas.space;

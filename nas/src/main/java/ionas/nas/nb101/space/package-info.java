/**
 * NAS-Bench-101 as an implementation of the search-space seam ({@link ionas.nas.space}):
 * {@link ionas.nas.nb101.space.Nb101Space} over the enumerated {@link ionas.nas.nb101.SearchSpace},
 * arch2vec's 7x5 graph encoding, NAS-Bench-101's mutation and the NASBench-PyTorch network. A
 * package of its own because the encoding is arch2vec's ({@link ionas.nas.arch2vec.Arch2VecEncoding}),
 * which reads {@code nb101}'s cells: here both are seen, and neither sees the other.
 */
package ionas.nas.nb101.space;

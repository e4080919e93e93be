/**
 * The random generators of the reference code, reproduced draw for draw: NumPy's legacy
 * {@code RandomState} ({@link ionas.nas.random.NumpyRandomState}, with its normal deviates in
 * {@link ionas.nas.random.NumpyNormal}) and CPython's {@code random}
 * ({@link ionas.nas.random.PythonRandom}), both on the Mersenne Twister
 * ({@link ionas.nas.random.MersenneTwister}). They exist so that a search or a data split with the
 * same seed picks the same cells as arch2vec and the paper; ionas' own randomness is Philox
 * ({@code ionas.tensor.Generator}).
 */
package ionas.nas.random;

/**
 * Small numerical routines that the reference code takes from NumPy, SciPy and torch, written to
 * round as they do so that fitted hyper-parameters and expected improvements match:
 * {@link ionas.nas.numeric.Cholesky} and {@link ionas.nas.numeric.LuDecomposition} (the Gaussian
 * process, and pybnn's Bayesian linear regression), {@link ionas.nas.numeric.NelderMead} (SciPy's
 * {@code fmin}), {@link ionas.nas.numeric.StandardNormal} (torch's normal distribution) and
 * {@link ionas.nas.numeric.Correlation} (NumPy's r, SciPy's Spearman rho and Kendall tau-b);
 * {@link ionas.nas.numeric.SymmetricEigen} gives the eigenvalues of a symmetric matrix (NumPy's
 * {@code eig}, for the jacob_cov proxy).
 */
package ionas.nas.numeric;

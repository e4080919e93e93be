"""Reference values for DngoTest, NelderMeadTest and BayesianLinearRegressionTest.

Run with Debian's python (NumPy 1.24, SciPy): /usr/bin/python3 nas/src/test/python/dngo_reference.py
"""
import math
import numpy as np
from scipy import optimize

np.set_printoptions(precision=17, floatmode="unique")

# Nelder-Mead: scipy.optimize.fmin on Rosenbrock from (-1.2, 1)
rosen = lambda x: 100.0 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2
x, f, it, calls, warn = optimize.fmin(rosen, [-1.2, 1.0], full_output=True, disp=False)
print("rosenbrock x", repr(x.tolist()), "f", repr(f), "iterations", it, "calls", calls)

# Bayesian linear regression, pybnn's formulas, on a tiny design
phi = np.array([[0.1, -0.4, 0.7], [0.5, 0.2, -0.3], [-0.6, 0.9, 0.05], [0.3, 0.3, 0.3], [-0.2, -0.8, 0.4]])
y = np.array([0.91, 0.85, 0.88, 0.93, 0.79])
alpha, beta = 2.0, 10.0
S = np.linalg.inv(beta * phi.T @ phi + np.eye(3) * alpha)
m = beta * S @ phi.T @ y
q = np.array([0.25, -0.5, 0.75])
print("blr m", repr(m.tolist()))
print("blr S", repr(S.ravel().tolist()))
print("blr predict mean", repr(float(m @ q)), "var", repr(float(1 / beta + q @ S @ q)))

# pybnn DNGO.marginal_log_likelihood at theta = (ln alpha, ln sigma^2) = (0.3, -2.0), y as a column
def mll(theta, Theta, yy):
    a = np.exp(theta[0]); b = 1 / np.exp(theta[1])
    D = Theta.shape[1]; N = Theta.shape[0]
    K = b * np.dot(Theta.T, Theta) + np.eye(D) * a
    K_inv = np.linalg.inv(K)
    mm = np.dot(b * np.dot(K_inv, Theta.T), yy)
    v = D / 2 * np.log(a) + N / 2 * np.log(b) - N / 2 * np.log(2 * np.pi)
    v -= b / 2. * np.linalg.norm(yy - np.dot(Theta, mm), 2)
    v -= a / 2. * np.dot(mm.T, mm)
    v -= 0.5 * np.log(np.linalg.det(K) + 1e-10)
    return float(np.asarray(v).item())
print("mll", repr(mll(np.array([0.3, -2.0]), phi, y[:, None])))

# RandomState(3): two epoch shuffles of arange(7), then the prior's two normals
rs = np.random.RandomState(3)
for _ in range(2):
    idx = np.arange(7); rs.shuffle(idx); print("shuffle", idx.tolist())
print("normals", repr(rs.normal(loc=0, scale=1, size=1)[0]), repr(rs.normal(loc=-3, scale=1, size=1)[0]))

# DNGO's initial cells: np.random.seed(5); permutation(list(range(100)))[:16]
np.random.seed(5)
print("init", np.random.permutation(list(range(100)))[:16].tolist())

# erf
for v in [-3.0, -1.0, 0.3, 2.4, 2.6, 5.0]:
    print("erf", v, repr(math.erf(v)))

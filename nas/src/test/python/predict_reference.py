"""Reference values for PerformancePredictionTest: the training cells of each seed.

Run with Debian's python (NumPy 1.24): /usr/bin/python3 nas/src/test/python/predict_reference.py
"""
import numpy as np

for seed in (1, 7):
    np.random.seed(seed)
    perm = np.random.permutation(50)[:10].tolist()
    np.random.seed(seed)
    choice = np.random.choice(50, 10, replace=False).tolist()
    print("seed", seed, "permutation[:10]", perm, "choice", choice)

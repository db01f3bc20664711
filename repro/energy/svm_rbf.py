"""SVM with a Gaussian (RBF) kernel on one benchmark set, as the published baseline.

Called by svm.ts: argv[1] is a JSON file naming the splits (raw float32 rows, int32 labels)
and the grid. C and gamma are chosen on the validation split; the chosen setting is refit on
train + validation and scored on the test split. Prints one JSON object on stdout.
"""
import json
import sys
import time

import numpy as np
from sklearn.svm import SVC


def read_split(spec, features):
    x = np.fromfile(spec["x"], dtype=np.float32).reshape(-1, features)
    y = np.fromfile(spec["y"], dtype=np.int32)
    if x.shape[0] != y.shape[0]:
        raise SystemExit(f"{spec['x']}: {x.shape[0]} rows but {y.shape[0]} labels")
    return x, y


def error(model, x, y):
    return float(np.mean(model.predict(x) != y))


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    d = spec["features"]
    xt, yt = read_split(spec["train"], d)
    xv, yv = read_split(spec["validation"], d)
    xs, ys = read_split(spec["test"], d)
    start = time.time()
    # the scale heuristic 1 / (d * Var[x]) of the training pixels; the grid multiplies it
    gamma0 = 1.0 / (d * float(xt.var()))
    grid = []
    best = None
    for c in spec["C"]:
        for m in spec["gammaScale"]:
            model = SVC(C=c, gamma=gamma0 * m, kernel="rbf", cache_size=spec["cacheMb"])
            model.fit(xt, yt)
            v = error(model, xv, yv)
            grid.append({"C": c, "gammaScale": m, "validationError": v})
            print(json.dumps(grid[-1]), file=sys.stderr, flush=True)
            if best is None or v < best["validationError"]:
                best = grid[-1]
    final = SVC(C=best["C"], gamma=gamma0 * best["gammaScale"], kernel="rbf",
                cache_size=spec["cacheMb"])
    if spec["refit"]:
        final.fit(np.concatenate([xt, xv]), np.concatenate([yt, yv]))
    else:
        final.fit(xt, yt)
    print(json.dumps({
        "C": best["C"],
        "gamma": gamma0 * best["gammaScale"],
        "gammaScale": best["gammaScale"],
        "validationError": best["validationError"],
        "testError": error(final, xs, ys),
        "trainError": error(final, xt, yt),
        "supportVectors": int(final.n_support_.sum()),
        "grid": grid,
        "seconds": time.time() - start,
        "sklearn": __import__("sklearn").__version__,
    }))


if __name__ == "__main__":
    main()

"""SVM with a Gaussian (RBF) kernel on one benchmark set, as the published baseline.

Called by svm.ts: argv[1] is a JSON file naming the splits (raw float32 rows, int32 labels)
and the grid. C and gamma are chosen on the validation split, the grid widened past any edge
the best setting lies on; the chosen setting is refit on train + validation and scored on the
test split. Prints each grid point on stderr as it is fitted and one JSON object on stdout.
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
    grid = {}

    def fit(c, m):
        if (c, m) in grid:
            return
        model = SVC(C=c, gamma=gamma0 * m, kernel="rbf", cache_size=spec["cacheMb"])
        model.fit(xt, yt)
        grid[(c, m)] = {"C": c, "gammaScale": m, "validationError": error(model, xv, yv)}
        print(json.dumps(grid[(c, m)]), file=sys.stderr, flush=True)

    cs, ms = sorted(spec["C"]), sorted(spec["gammaScale"])
    for c in cs:
        for m in ms:
            fit(c, m)
    # a best setting on the edge of the grid is no optimum: widen the grid past that edge
    # (C by 10, gamma by 2) until the best is inside it or `widen` steps were taken
    for _ in range(spec["widen"]):
        best = min(grid.values(), key=lambda g: g["validationError"])
        grew = False
        if len(ms) > 1 and best["gammaScale"] in (ms[0], ms[-1]):
            ms = [ms[0] / 2] + ms if best["gammaScale"] == ms[0] else ms + [ms[-1] * 2]
            grew = True
        if len(cs) > 1 and best["C"] in (cs[0], cs[-1]):
            cs = [cs[0] / 10] + cs if best["C"] == cs[0] else cs + [cs[-1] * 10]
            grew = True
        if not grew:
            break
        for c in cs:
            for m in ms:
                fit(c, m)
    best = min(grid.values(), key=lambda g: g["validationError"])
    grid = list(grid.values())
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

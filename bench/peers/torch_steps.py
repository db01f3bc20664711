"""The PyTorch side of `deno task bench:peers` (bench/peers/main.ts).

Invoked as

    /usr/bin/python3 bench/peers/torch_steps.py '{"step": "ksparse", "mode": "time", ...}'

with one JSON object on argv, it runs one training step definition and prints exactly one
JSON line on stdout (the result, or {"error": ...} with exit status 1). Thread counts come
from OMP_NUM_THREADS / MKL_NUM_THREADS / OPENBLAS_NUM_THREADS (with OMP_WAIT_POLICY=PASSIVE,
so that OpenMP's and OpenBLAS's threads do not spin against each other), which the caller
sets before this process starts, and from torch.set_num_threads(args["threads"]).

Arguments (JSON keys):
  step        name of a step function below (a key of STEPS)
  mode        "time" (warm up, then time whole epochs) or "check" (a few unshuffled steps
              from the caller's initial weights, then the loss)
  data        raw little-endian float32 file of n * features values (MNIST rows in [0, 1],
              or scaled to unit L2 norm for drsae)
  labels      raw uint8 file of n class labels (steps with a supervised loss: drsae)
  n, features rows and values per row
  params      {name: file} of raw little-endian float32 initial parameters (mode "check";
              in mode "time" they are used too when given)
  threads     torch.set_num_threads
  batch       minibatch size
  lr, momentum the SGD step (momentum 0: plain SGD)
  hidden, k, ...  the model's sizes and settings (see each step function)
  warmup      untimed steps before timing (mode "time")
  repeats     timed epochs (mode "time"); the median samples/s is reported
  seed        seed of the per-epoch shuffles (mode "time")
  steps       steps in mode "check", over the first steps * batch rows, in order

  sgemm       when given, also time torch.mm of two [sgemm, sgemm] matrices at the process's
              thread count and print its GFLOP/s as "sgemmGflops" (the machine's rate)

Steps: "ksparse", "ksparse_sparse" (the same step over the support, backward written out),
"drsae", "walkback" (training steps: run_check / run_time through
training_step) and "fixedpoints" (x <- r(x) without gradients; "time" reports
samples * iterations per second, "check" writes the final points to args["pointsOut"]).
"""

import json
import os
import platform
import statistics
import sys
import time

import numpy as np
import torch


def read_f32(path, shape):
    """A raw little-endian float32 file as a numpy array of the given shape."""
    a = np.fromfile(path, dtype="<f4")
    want = int(np.prod(shape))
    if a.size != want:
        raise ValueError(f"{path} holds {a.size} float32 values, expected {want} for {shape}")
    return a.reshape(shape)


def load_params(args, shapes):
    """The caller's initial parameters {name: shape} from args["params"] ({name: file})."""
    files = args.get("params") or {}
    missing = [name for name in shapes if name not in files]
    if missing:
        raise ValueError(f"initial parameters missing for {', '.join(missing)}: pass params")
    return [
        torch.tensor(read_f32(files[name], shape), dtype=torch.float32, requires_grad=True)
        for name, shape in shapes.items()
    ]


def sgd_momentum(params, velocities, lrs, momentum):
    """Makhzani & Frey, Sec. 4.2.2, as the Deno side's sgd(): v <- m v - lr g; theta <- theta + v.

    `lrs` holds one learning rate per parameter (the base rate times the model's
    learningRateScale). With momentum 0 it is plain SGD, theta <- theta - lr g, as ours.

    Written by hand so both sides do the same arithmetic. torch.optim.SGD(momentum=0.9, lr=lr)
    instead keeps v <- m v + g and steps theta <- theta - lr v, the same trajectory for a
    constant lr but with lr outside the velocity.
    """
    with torch.no_grad():
        for p, v, lr in zip(params, velocities, lrs):
            if momentum == 0:
                p.add_(p.grad, alpha=-lr)
            else:
                v.mul_(momentum).add_(p.grad, alpha=-lr)
                p.add_(v)
            p.grad = None


def ksparse(args, x):
    """k-sparse autoencoder (Makhzani & Frey 2014): 784 -> hidden, top-k, tied weights.

    z = x W + b; keep the k largest of each row (torch.topk, then a 0/1 mask, so the
    gradient flows through the support only); x^ = z_sparse W^T + b';
    loss = mean over the batch of sum over inputs of (x - x^)^2.
    """
    n, d = x.shape
    hidden, k = args["hidden"], args["k"]
    params = args.get("params") or {}
    if "W" in params:  # the Deno side's initial weights, so both start from the same point
        W0 = read_f32(params["W"], (d, hidden))
    else:  # Gaussian init, std 0.01 (Sec. 4.2.2), biases zero
        W0 = np.random.default_rng(args.get("seed", 0)).normal(0, 0.01, (d, hidden))
    b0 = read_f32(params["b"], (hidden,)) if "b" in params else np.zeros(hidden)
    b_out0 = read_f32(params["bOut"], (d,)) if "bOut" in params else np.zeros(d)
    W = torch.tensor(W0, dtype=torch.float32, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float32, requires_grad=True)
    b_out = torch.tensor(b_out0, dtype=torch.float32, requires_grad=True)
    theta = [W, b, b_out]

    def loss_of(xb, _yb):
        z = xb @ W + b
        idx = torch.topk(z, k, dim=1).indices
        mask = torch.zeros_like(z).scatter_(1, idx, 1.0)
        x_hat = (z * mask) @ W.t() + b_out
        return (xb - x_hat).pow(2).sum(1).mean()

    return training_step(args, theta, [args["lr"]] * len(theta), loss_of)

def ksparse_sparse(args, x):
    """The k-sparse step of `ksparse` over the support, with the backward written out.

    Same loss, gradients and SGD update as `ksparse` (to float32 rounding), in the best plain
    PyTorch found for it: W kept as W^T [hidden, inputs] (rows are atoms), z = x W + b dense
    (addmm), the top k of each row (topk, unsorted), then
      x^ = Z W^T + b'            with Z the [batch, hidden] CSR matrix of the k values per row,
      dz_rj = g_r . Wt_j         (g = 2 (x^ - x) / batch; Wt_j gathered with index_select, bmm),
      dW^T = [Z^T | dZ^T] [g; x] one CSR [hidden, 2 batch] product, rows sorted by unit,
      db = index_add of dz,      db' = sum of g,
    and momentum SGD as sgd_momentum (the velocity of W is dense, as the update is). Measured
    on 2 cores beside index_add_ of the k outer products per row and dense scatter + matmul,
    the CSR products were the fastest at every (hidden, k) of the benchmark.
    """
    import warnings
    warnings.filterwarnings("ignore", message=".*Sparse CSR tensor support is in beta.*")
    n, d = x.shape
    hidden, k, batch = args["hidden"], args["k"], args["batch"]
    params = args.get("params") or {}
    if "W" in params:
        W0 = read_f32(params["W"], (d, hidden))
    else:
        W0 = np.random.default_rng(args.get("seed", 0)).normal(0, 0.01, (d, hidden))
    b0 = read_f32(params["b"], (hidden,)) if "b" in params else np.zeros(hidden)
    b_out0 = read_f32(params["bOut"], (d,)) if "bOut" in params else np.zeros(d)
    Wt = torch.tensor(np.ascontiguousarray(W0.T), dtype=torch.float32)
    b = torch.tensor(b0, dtype=torch.float32)
    b_out = torch.tensor(b_out0, dtype=torch.float32)
    theta = [Wt, b, b_out]
    velocity = [torch.zeros_like(p) for p in theta]
    lr, momentum = args["lr"], args.get("momentum", 0)

    def forward(xb):
        rows = xb.shape[0]
        z = torch.addmm(b, xb, Wt.t())
        vals, idx = torch.topk(z, k, dim=1, sorted=False)
        cols, order = idx.sort(dim=1)
        vals = vals.gather(1, order)
        crow = torch.arange(0, rows * k + 1, k)
        code = torch.sparse_csr_tensor(crow, cols.reshape(-1), vals.reshape(-1), (rows, hidden))
        x_hat = code @ Wt + b_out
        return cols, vals, x_hat - xb

    def step(xb, _yb):
        rows = xb.shape[0]
        cols, vals, err = forward(xb)
        loss = err.pow(2).sum(1).mean()
        g = err.mul_(2.0 / rows)
        flat = cols.reshape(-1)
        atoms = Wt.index_select(0, flat).view(rows, k, d)
        dz = torch.bmm(atoms, g.unsqueeze(2)).reshape(-1)
        # dW^T = Z^T g + dZ^T x: entries (unit, 2r) = z_rj and (unit, 2r+1) = dz_rj against
        # the rows g_0, x_0, g_1, x_1, ...; a stable sort by unit keeps the columns sorted
        by_unit = flat.argsort(stable=True)
        r = torch.arange(rows).repeat_interleave(k)[by_unit]
        counts = torch.bincount(flat, minlength=hidden)
        crow = torch.zeros(hidden + 1, dtype=torch.int64)
        torch.cumsum(counts * 2, 0, out=crow[1:])
        col = torch.stack([2 * r, 2 * r + 1], 1).reshape(-1)
        val = torch.stack([vals.reshape(-1)[by_unit], dz[by_unit]], 1).reshape(-1)
        pairs = torch.sparse_csr_tensor(crow, col, val, (hidden, 2 * rows))
        dWt = pairs @ torch.stack([g, xb], 1).reshape(2 * rows, d)
        db = torch.zeros(hidden).index_add_(0, flat, dz)
        grads = [dWt, db, g.sum(0)]
        for p, v, grad in zip(theta, velocity, grads):
            if momentum == 0:
                p.add_(grad, alpha=-lr)
            else:
                v.mul_(momentum).add_(grad, alpha=-lr)
                p.add_(v)
        return loss

    def eval_loss(xb, _yb):
        return float(forward(xb)[2].pow(2).sum(1).mean())

    x_np, y_np = args["_x"], args["_y"]
    return {
        "check": lambda: run_check(args, x_np, y_np, step, eval_loss),
        "time": lambda: run_time(args, x_np, y_np, step),
    }


def sgemm_gflops(size, repeats=5):
    """GFLOP/s of torch.mm of two [size, size] float32 matrices, median of `repeats` after one
    untimed product, at the process's thread count."""
    a = torch.rand(size, size)
    c = torch.rand(size, size)
    torch.mm(a, c)
    seconds = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, c)
        seconds.append(time.perf_counter() - t0)
    return 2 * size ** 3 / statistics.median(seconds) / 1e9


def drsae(args, x):
    """DrSAE (Rolfe & LeCun 2013), discriminative phase, as lib/models/drsae.ts (tfjs layout).

    z^1 = relu(x E - b), z^{t+1} = relu(x E + z^t S - b) for t < T;
    loss = mean over the batch of 1/2 ||x - z^T D||^2 + lambda ||z^T||_1, plus the mean
    softmax cross-entropy of (z^T / sqrt(||z^T||^2 + eps^2)) C. Each matrix's learning rate is
    lr times the model's scale (E, b 1/T; S 1/(T-1); D 1; C 1/5); after every step D's rows
    are projected to norm <= 1, E's columns to <= 1.25/T and C's columns to <= 5.
    """
    n, d = x.shape
    hidden, classes, T = args["hidden"], args["classes"], args["T"]
    lam, eps = args["lambda"], args["normEpsilon"]
    shapes = {"E": (d, hidden), "S": (hidden, hidden), "b": (hidden,), "D": (hidden, d),
              "C": (hidden, classes)}
    theta = load_params(args, shapes)
    E, S, b, D, C = theta
    scale = args["learningRateScale"]
    lrs = [args["lr"] * scale.get(name, 1) for name in shapes]
    bounds = args["bounds"]

    def loss_of(xb, yb):
        drive = xb @ E - b
        z = torch.relu(drive)
        for _ in range(1, T):
            z = torch.relu(drive + z @ S)
        err = xb - z @ D
        unsup = (0.5 * err.pow(2).sum(1) + lam * z.abs().sum(1)).mean()
        norm = torch.sqrt(z.pow(2).sum(1, keepdim=True) + eps * eps)
        logits = (z / norm) @ C
        return unsup + torch.nn.functional.cross_entropy(logits, yb.long())

    def project(W, dim, bound):
        W.div_(torch.clamp(W.norm(dim=dim, keepdim=True) / bound, min=1))

    def constrain():
        with torch.no_grad():
            project(D, 1, bounds["D"])
            project(E, 0, bounds["E"])
            project(C, 0, bounds["C"])

    return training_step(args, theta, lrs, loss_of, constrain)


def walkback(args, x):
    """Walkback DAE (Bahdanau & Jaeger 2014, Eq. 8), as lib/models/walkback.ts: untied, sigmoid.

    r(x) = sigmoid(sigmoid(x W + b) WOut + bOut); x~^1 = x + N(0, sigma^2), r^i = r(x~^i),
    x~^i = r^(i-1) + N(0, sigma^2); loss = (1/k) sum_i mean over the batch of ||x - r^i||^2,
    gradients through the whole chain. Mode "check" runs without noise (sigma 0 on both sides:
    noise cannot match across frameworks).
    """
    n, d = x.shape
    hidden, k = args["hidden"], args["k"]
    sigma = 0.0 if args["mode"] == "check" else args["sigma"]
    theta = load_params(args, {"W": (d, hidden), "b": (hidden,), "bOut": (d,),
                               "WOut": (hidden, d)})
    W, b, b_out, W_out = theta

    def loss_of(xb, _yb):
        total = 0
        previous = xb
        for _ in range(k):
            inp = previous + sigma * torch.randn_like(previous) if sigma > 0 else previous
            previous = torch.sigmoid(torch.sigmoid(inp @ W + b) @ W_out + b_out)
            total = total + (xb - previous).pow(2).sum(1).mean()
        return total / k

    return training_step(args, theta, [args["lr"]] * len(theta), loss_of)


def fixedpoints(args, x_np):
    """Bahdanau & Jaeger's fixed-point iteration x <- r(x) (Eq. 9) of the walkback DAE, as
    lib/eval/fixed_points.ts: no noise, batches of `batch` rows, a fixed number of
    iterations, one step length ||x^i - x^(i-1)|| per sample read back every iteration."""
    n, d = x_np.shape
    hidden, iterations, batch = args["hidden"], args["iterations"], args["batch"]
    W, b, b_out, W_out = [p.detach() for p in load_params(
        args, {"W": (d, hidden), "b": (hidden,), "bOut": (d,), "WOut": (hidden, d)})]

    def iterate(rows, count):
        with torch.no_grad():
            points = [torch.from_numpy(np.ascontiguousarray(rows[i:i + batch]))
                      for i in range(0, rows.shape[0], batch)]
            mean_steps = []
            lengths = np.zeros(rows.shape[0], dtype=np.float32)
            for _ in range(count):
                for j, p in enumerate(points):
                    y = torch.sigmoid(torch.sigmoid(p @ W + b) @ W_out + b_out)
                    lengths[j * batch:j * batch + p.shape[0]] = \
                        (y - p).pow(2).sum(1).sqrt().numpy()
                    points[j] = y
                mean_steps.append(float(lengths.mean(dtype=np.float64)))
            return torch.cat(points).numpy(), mean_steps

    def check():
        rows = args["checkRows"]
        points, mean_steps = iterate(x_np[:rows], iterations)
        if args.get("pointsOut"):
            points.astype("<f4").tofile(args["pointsOut"])
        return {
            "steps": iterations,
            "rows": rows,
            "epochLoss": statistics.fmean(mean_steps),
            "finalLoss": mean_steps[-1],
        }

    def timed():
        iterate(x_np[: min(n, batch)], args["warmup"])
        seconds = []
        losses = []
        for _ in range(args["repeats"]):
            t0 = time.perf_counter()
            _, mean_steps = iterate(x_np, iterations)
            seconds.append(time.perf_counter() - t0)
            losses.append(mean_steps[-1])
        return {
            "samplesPerSecond": statistics.median(n * iterations / s for s in seconds),
            "epochSeconds": seconds,
            "epochLosses": losses,
        }

    return {"check": check, "time": timed}


STEPS = {"ksparse": ksparse, "ksparse_sparse": ksparse_sparse, "drsae": drsae,
         "walkback": walkback, "fixedpoints": fixedpoints}


def training_step(args, theta, lrs, loss_of, constrain=None):
    """The "check" and "time" runs of a training step: loss_of(xb, yb) is the batch's mean
    loss, then SGD (args["momentum"], default 0) with one rate per parameter, then
    `constrain` (the norm projections) when given, as our trainer does."""
    velocity = [torch.zeros_like(p) for p in theta]
    momentum = args.get("momentum", 0)

    def step(xb, yb):
        loss = loss_of(xb, yb)
        loss.backward()
        sgd_momentum(theta, velocity, lrs, momentum)
        if constrain is not None:
            constrain()
        return loss.detach()

    def eval_loss(xb, yb):
        with torch.no_grad():
            return float(loss_of(xb, yb))

    x_np, y_np = args["_x"], args["_y"]
    return {
        "check": lambda: run_check(args, x_np, y_np, step, eval_loss),
        "time": lambda: run_time(args, x_np, y_np, step),
    }


def batches(x_np, y_np, order, batch):
    """Yield minibatches (x, y or None) in `order` (None: in row order), as a training loop."""
    n = x_np.shape[0]
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        rows = slice(start, stop) if order is None else order[start:stop]
        x = x_np[rows]
        y = None if y_np is None else torch.from_numpy(y_np[rows].astype(np.int64))
        yield torch.from_numpy(x), y


def run_check(args, x_np, y_np, step, eval_loss):
    rows = args["steps"] * args["batch"]
    if rows > x_np.shape[0]:
        raise ValueError(f"check needs {rows} rows, data has {x_np.shape[0]}")
    part = np.ascontiguousarray(x_np[:rows])
    labels = None if y_np is None else y_np[:rows]
    loss_sum = 0.0
    for xb, yb in batches(part, labels, None, args["batch"]):
        loss_sum += float(step(xb, yb)) * xb.shape[0]
    all_y = None if labels is None else torch.from_numpy(labels.astype(np.int64))
    return {
        "steps": args["steps"],
        "rows": rows,
        "epochLoss": loss_sum / rows,
        "finalLoss": eval_loss(torch.from_numpy(part), all_y),
    }


def run_time(args, x_np, y_np, step):
    n, batch = x_np.shape[0], args["batch"]
    warm_rows = min(n, args["warmup"] * batch)
    warm = np.ascontiguousarray(x_np[:warm_rows])
    for xb, yb in batches(warm, None if y_np is None else y_np[:warm_rows], None, batch):
        step(xb, yb)
    rng = np.random.default_rng(args["seed"])
    seconds = []
    losses = []
    for _ in range(args["repeats"]):
        t0 = time.perf_counter()
        order = rng.permutation(n)
        loss_sum = torch.zeros(())
        for xb, yb in batches(x_np, y_np, order, batch):
            loss_sum += step(xb, yb) * xb.shape[0]
        losses.append(float(loss_sum) / n)  # reading the loss ends the epoch, as on our side
        seconds.append(time.perf_counter() - t0)
    rates = [n / s for s in seconds]
    return {
        "samplesPerSecond": statistics.median(rates),
        "epochSeconds": seconds,
        "epochLosses": losses,
    }


def main():
    if len(sys.argv) != 2:
        raise ValueError("usage: torch_steps.py '<json arguments>'")
    args = json.loads(sys.argv[1])
    name = args["step"]
    if name not in STEPS:
        raise ValueError(f'unknown step "{name}": use one of {", ".join(STEPS)}')
    threads = int(args.get("threads", 1))
    torch.set_num_threads(threads)
    torch.manual_seed(args.get("seed", 0))
    x_np = read_f32(args["data"], (args["n"], args["features"]))
    args["_x"] = x_np
    args["_y"] = np.fromfile(args["labels"], dtype=np.uint8) if args.get("labels") else None
    if args["_y"] is not None and args["_y"].size != args["n"]:
        raise ValueError(f'{args["labels"]} holds {args["_y"].size} labels for {args["n"]} rows')
    runs = STEPS[name](args, x_np)
    out = {
        "step": name,
        "mode": args["mode"],
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "env": {
            v: os.environ.get(v)
            for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                      "OMP_WAIT_POLICY")
        },
    }
    if args["mode"] == "check":
        out["check"] = runs["check"]()
    elif args["mode"] == "time":
        out.update(runs["time"]())
    else:
        raise ValueError(f'unknown mode "{args["mode"]}": use "time" or "check"')
    if args.get("sgemm"):
        out["sgemmGflops"] = sgemm_gflops(int(args["sgemm"]))
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one JSON line either way, so the caller can show the reason
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
        sys.exit(1)

"""The PyTorch side of `deno task bench:peers` (scripts/bench_peers.ts).

Invoked as

    /usr/bin/python3 scripts/peers/torch_steps.py '{"step": "ksparse", "mode": "time", ...}'

with one JSON object on argv, it runs one training step definition and prints exactly one
JSON line on stdout (the result, or {"error": ...} with exit status 1). Thread counts come
from OMP_NUM_THREADS / MKL_NUM_THREADS / OPENBLAS_NUM_THREADS, which the caller sets before
this process starts, and from torch.set_num_threads(args["threads"]).

Arguments (JSON keys):
  step        name of a step function below ("ksparse")
  mode        "time" (warm up, then time whole epochs) or "check" (a few unshuffled steps
              from the caller's initial weights, then the loss)
  data        raw little-endian float32 file of n * features values (MNIST rows in [0, 1])
  n, features rows and values per row
  params      {name: file} of raw little-endian float32 initial parameters (mode "check";
              in mode "time" they are used too when given)
  threads     torch.set_num_threads
  batch       minibatch size
  lr, momentum, k, hidden
  warmup      untimed steps before timing (mode "time")
  repeats     timed epochs (mode "time"); the median samples/s is reported
  seed        seed of the per-epoch shuffles (mode "time")
  steps       steps in mode "check", over the first steps * batch rows, in order

Only the k-sparse step exists now; DrSAE, the walkback DAE and the DAE's fixed-point
iteration are to be added as functions of the same shape, named in STEPS.
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


def sgd_momentum(params, velocities, lr, momentum):
    """Makhzani & Frey, Sec. 4.2.2, as the Deno side's sgd(): v <- m v - lr g; theta <- theta + v.

    Written by hand so both sides do the same arithmetic. torch.optim.SGD(momentum=0.9, lr=lr)
    instead keeps v <- m v + g and steps theta <- theta - lr v, the same trajectory for a
    constant lr but with lr outside the velocity.
    """
    with torch.no_grad():
        for p, v in zip(params, velocities):
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
    velocity = [torch.zeros_like(p) for p in theta]

    def loss_of(xb):
        z = xb @ W + b
        idx = torch.topk(z, k, dim=1).indices
        mask = torch.zeros_like(z).scatter_(1, idx, 1.0)
        x_hat = (z * mask) @ W.t() + b_out
        return (xb - x_hat).pow(2).sum(1).mean()

    def step(xb):
        loss = loss_of(xb)
        loss.backward()
        sgd_momentum(theta, velocity, args["lr"], args["momentum"])
        return loss.detach()

    def eval_loss(xb):
        with torch.no_grad():
            return float(loss_of(xb))

    return step, eval_loss


STEPS = {"ksparse": ksparse}


def batches(x_np, order, batch):
    """Yield minibatches in `order` (None: in row order), assembled as a training loop does."""
    n = x_np.shape[0]
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        if order is None:
            yield torch.from_numpy(x_np[start:stop])
        else:
            yield torch.from_numpy(x_np[order[start:stop]])


def run_check(args, x_np, step, eval_loss):
    rows = args["steps"] * args["batch"]
    if rows > x_np.shape[0]:
        raise ValueError(f"check needs {rows} rows, data has {x_np.shape[0]}")
    part = np.ascontiguousarray(x_np[:rows])
    loss_sum = 0.0
    for xb in batches(part, None, args["batch"]):
        loss_sum += float(step(xb)) * xb.shape[0]
    return {
        "steps": args["steps"],
        "rows": rows,
        "epochLoss": loss_sum / rows,
        "finalLoss": eval_loss(torch.from_numpy(part)),
    }


def run_time(args, x_np, step):
    n, batch = x_np.shape[0], args["batch"]
    warm = np.ascontiguousarray(x_np[: min(n, args["warmup"] * batch)])
    for xb in batches(warm, None, batch):
        step(xb)
    rng = np.random.default_rng(args["seed"])
    seconds = []
    losses = []
    for _ in range(args["repeats"]):
        t0 = time.perf_counter()
        order = rng.permutation(n)
        loss_sum = torch.zeros(())
        for xb in batches(x_np, order, batch):
            loss_sum += step(xb) * xb.shape[0]
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
    step, eval_loss = STEPS[name](args, x_np)
    out = {
        "step": name,
        "mode": args["mode"],
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "env": {
            v: os.environ.get(v)
            for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
        },
    }
    if args["mode"] == "check":
        out["check"] = run_check(args, x_np, step, eval_loss)
    elif args["mode"] == "time":
        out.update(run_time(args, x_np, step))
    else:
        raise ValueError(f'unknown mode "{args["mode"]}": use "time" or "check"')
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one JSON line either way, so the caller can show the reason
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
        sys.exit(1)

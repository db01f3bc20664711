/**
 * The recurrence of rectified linear units that DrSAE's encoder unrolls (Rolfe & LeCun 2013,
 * Eq. 1), with rows as examples:
 *
 *   z^1 = relu(a),   z^(t+1) = relu(a + z^t S),   t = 1..T-1
 *
 * where a = x E - b is the input drive (the same at every step) and S the explaining-away
 * matrix. Built from tfjs ops, the T steps cost 3 kernels each forward and about 8 backward
 * (relu's mask, casts, identities, one matMul and one Add per step for dS); on the wasm backend
 * with a system BLAS this module runs the whole recurrence as one kernel and its
 * back-propagation through time as another:
 *
 *   delta^t = g^t * [z^t > 0]                       (relu's derivative)
 *   g^(t-1) = dL/dz^(t-1) + delta^t S^T             (the path through step t)
 *   dL/da  = sum_t delta^t
 *   dL/dS  = [z^1; ...; z^(T-1)]^T [delta^2; ...; delta^T]   (one product over all steps)
 *
 * The products run on the BLAS (./_kernels/blas.ts), the elementwise work in place in wasm
 * memory. Everywhere else (wasm without BLAS, cpu, WebGPU) {@link reluRecurrence} composes tfjs
 * ops, so the numbers are the same to float32 rounding on every path.
 *
 * @module
 */
import { tf } from "../tf.ts";
import type { WasmBackend } from "./_kernels/wasm_backend.ts";
import type { Tensor, Tensor2D, Tensor3D } from "../tf.ts";
import { loadBlas } from "./_kernels/blas.ts";
import { wasmMatMul } from "./_kernels/wasm_matmul.ts";
import { wasmNative } from "./_kernels/wasm_native.ts";

type TensorInfo = tf.TensorInfo;

const FORWARD = "SparseAeReluRecurrence";
const BACKWARD = "SparseAeReluRecurrenceGrad";

function checkFloat(x: TensorInfo, name: string): void {
  if (x.dtype !== "float32") {
    throw new Error(`The relu recurrence needs float32 ${name}, got ${x.dtype}: cast it first`);
  }
}

/** [z^1..z^T as [T, B, H], z^T as [B, H]] from a [B, H] and S [H, H]. */
function forwardKernel(
  args: { inputs: { a: TensorInfo; S: TensorInfo }; backend: unknown; attrs: { steps: number } },
): TensorInfo[] {
  const blas = loadBlas()!;
  const { inputs: { a, S }, attrs: { steps } } = args;
  const backend = args.backend as WasmBackend;
  checkFloat(a, "drive");
  checkFloat(S, "S");
  const [rows, hidden] = a.shape;
  const size = rows * hidden;
  // allocate before taking views: growing wasm memory detaches views taken earlier
  const out = backend.makeOutput([steps, rows, hidden], "float32");
  const final = backend.makeOutput([rows, hidden], "float32");
  const av = backend.typedArrayFromHeap(a);
  const sv = backend.typedArrayFromHeap(S);
  const z = backend.typedArrayFromHeap(out);
  // relu in place: compiled (./_kernels/elementwise.ts) where it is, else a JS loop
  const native = wasmNative();
  const relu = native ? (v: Float32Array) => native.reluInPlace(v) : (v: Float32Array) => {
    for (let i = 0; i < size; i++) if (v[i] < 0) v[i] = 0; // NaN stays NaN
  };
  z.subarray(0, size).set(av);
  relu(z.subarray(0, size));
  for (let t = 1; t < steps; t++) {
    const prev = z.subarray((t - 1) * size, t * size);
    const zt = z.subarray(t * size, (t + 1) * size);
    zt.set(av);
    blas.sgemm(false, false, rows, hidden, hidden, prev, sv, zt, 1); // a + z^t S
    relu(zt);
  }
  backend.typedArrayFromHeap(final).set(z.subarray((steps - 1) * size, steps * size));
  return [out, final];
}

let scratch = new Float32Array(0);

/**
 * [dL/da, dL/dS] from dL/dz, z [T, B, H] and S [H, H]; dL/dz is [T, B, H] (every iterate) or
 * [B, H] (z^T alone, the others not used).
 */
function backwardKernel(
  args: { inputs: { dz: TensorInfo; z: TensorInfo; S: TensorInfo }; backend: unknown },
): TensorInfo[] {
  const blas = loadBlas()!;
  const { inputs: { dz, z, S } } = args;
  const backend = args.backend as WasmBackend;
  checkFloat(dz, "gradient");
  const [steps, rows, hidden] = z.shape;
  const size = rows * hidden;
  const da = backend.makeOutput([rows, hidden], "float32");
  const dS = backend.makeOutput([hidden, hidden], "float32");
  const dzv = backend.typedArrayFromHeap(dz);
  const zv = backend.typedArrayFromHeap(z);
  const sv = backend.typedArrayFromHeap(S);
  const dav = backend.typedArrayFromHeap(da);
  const dSv = backend.typedArrayFromHeap(dS);
  // delta^1..delta^T, then g, in one reused buffer outside wasm memory
  if (scratch.length < (steps + 1) * size) scratch = new Float32Array((steps + 1) * size);
  const delta = scratch.subarray(0, steps * size);
  const g = scratch.subarray(steps * size, (steps + 1) * size);
  const onlyLast = dz.shape.length === 2;
  const native = wasmNative();
  g.set(onlyLast ? dzv : dzv.subarray((steps - 1) * size, steps * size));
  dav.fill(0);
  for (let t = steps - 1; t >= 0; t--) {
    const zt = zv.subarray(t * size, (t + 1) * size);
    const dt = delta.subarray(t * size, (t + 1) * size);
    if (native) native.reluBackward(g, zt, dt, dav);
    else {
      for (let i = 0; i < size; i++) {
        const v = g[i] * +(zt[i] > 0); // branch-free: signs are data-dependent
        dt[i] = v;
        dav[i] += v;
      }
    }
    if (t > 0) {
      if (onlyLast) g.fill(0);
      else g.set(dzv.subarray((t - 1) * size, t * size));
      blas.sgemm(false, true, rows, hidden, hidden, dt, sv, g, 1); // + delta^t S^T
    }
  }
  if (steps > 1) {
    blas.sgemm(
      true,
      false,
      hidden,
      hidden,
      (steps - 1) * rows,
      zv.subarray(0, (steps - 1) * size),
      delta.subarray(size, steps * size),
      dSv,
    );
  } else {
    dSv.fill(0);
  }
  return [da, dS];
}

tf.registerKernel({ kernelName: FORWARD, backendName: "wasm", kernelFunc: forwardKernel as never });
tf.registerKernel({
  kernelName: BACKWARD,
  backendName: "wasm",
  kernelFunc: backwardKernel as never,
});

/**
 * Whether {@link reluRecurrence} runs as one fused kernel now: on the wasm backend with the
 * BLAS matMul in force (see `useBackend`'s report, `matmul: blas (...)`).
 *
 * @example
 * ```ts
 * import { reluRecurrenceFused } from "./relu_recurrence.ts";
 * console.log(typeof reluRecurrenceFused()); // "boolean"
 * ```
 */
export function reluRecurrenceFused(): boolean {
  return tf.getBackend() === "wasm" && wasmMatMul() === "blas";
}

function composed(a: Tensor2D, S: Tensor2D, steps: number, all: boolean): Tensor {
  return tf.tidy(() => {
    let z = tf.relu(a) as Tensor2D;
    const iterates = [z];
    for (let t = 1; t < steps; t++) {
      z = tf.relu(tf.add(a, tf.matMul(z, S))) as Tensor2D;
      iterates.push(z);
    }
    return all ? tf.stack(iterates) : z;
  });
}

function checkArgs(a: Tensor2D, S: Tensor2D, steps: number): void {
  if (!Number.isInteger(steps) || steps < 1) {
    throw new Error(`The number of steps must be a positive integer, got ${steps}`);
  }
  if (a.rank !== 2 || S.rank !== 2 || S.shape[0] !== S.shape[1] || S.shape[0] !== a.shape[1]) {
    throw new Error(
      `The relu recurrence needs a drive [batch, hidden] and S [hidden, hidden], got ` +
        `[${a.shape}] and [${S.shape}]: S must be square with a's width`,
    );
  }
}

/** The fused op: every iterate (`all`) or z^T alone, back-propagating through all steps. */
function fused(a: Tensor2D, S: Tensor2D, steps: number, all: boolean): Tensor {
  const engine = tf.engine();
  const op = tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const [drive, rec, save] = args as [Tensor, Tensor, tf.GradSaveFunc];
    const [z, last] = engine.runKernel(FORWARD, { a: drive, S: rec }, { steps } as never) as [
      Tensor3D,
      Tensor2D,
    ];
    save([rec, z]);
    return {
      value: all ? z : last,
      gradFunc: (dz: Tensor, saved: Tensor[]) =>
        engine.runKernel(BACKWARD, { dz, z: saved[1], S: saved[0] }, {}) as Tensor[],
    };
  });
  return op(a, S);
}

function useFused(a: Tensor2D, S: Tensor2D): boolean {
  return reluRecurrenceFused() && a.dtype === "float32" && S.dtype === "float32";
}

/**
 * All T iterates of z^1 = relu(a), z^(t+1) = relu(a + z^t S), stacked: entry t - 1 of the
 * result is z^t. Differentiable in `a` and `S` (back-propagation through all T steps). Runs
 * fused where {@link reluRecurrenceFused} says so, else as tfjs ops.
 *
 * @param a the drive, [batch, hidden] (DrSAE: x E - b)
 * @param S the recurrent matrix, [hidden, hidden] (DrSAE: the paper's S, transposed)
 * @param steps T >= 1
 * @returns z^1..z^T, [T, batch, hidden]
 *
 * @example Two steps by hand: z^1 = relu(a), z^2 = relu(a + z^1 S)
 * ```ts
 * import { tf } from "../tf.ts";
 * import { reluRecurrence } from "./relu_recurrence.ts";
 * const a = tf.tensor2d([[1, -1]]);
 * const S = tf.tensor2d([[0.5, 2], [0, 0]]);
 * console.log(Array.from(reluRecurrence(a, S, 2).dataSync())); // [1, 0, 1.5, 1]
 * ```
 */
export function reluRecurrence(a: Tensor2D, S: Tensor2D, steps: number): Tensor3D {
  checkArgs(a, S, steps);
  return (useFused(a, S) ? fused(a, S, steps, true) : composed(a, S, steps, true)) as Tensor3D;
}

/**
 * The last iterate z^T of {@link reluRecurrence}, without stacking the others: what a loss on
 * the final code needs. Differentiable in `a` and `S` through all T steps.
 *
 * @param a the drive, [batch, hidden]
 * @param S the recurrent matrix, [hidden, hidden]
 * @param steps T >= 1
 * @returns z^T, [batch, hidden]
 *
 * @example
 * ```ts
 * import { tf } from "../tf.ts";
 * import { reluRecurrenceFinal } from "./relu_recurrence.ts";
 * const a = tf.tensor2d([[1, -1]]);
 * const S = tf.tensor2d([[0.5, 2], [0, 0]]);
 * console.log(Array.from(reluRecurrenceFinal(a, S, 2).dataSync())); // [1.5, 1]
 * ```
 */
export function reluRecurrenceFinal(a: Tensor2D, S: Tensor2D, steps: number): Tensor2D {
  checkArgs(a, S, steps);
  return (useFused(a, S) ? fused(a, S, steps, false) : composed(a, S, steps, false)) as Tensor2D;
}

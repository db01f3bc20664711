/**
 * The k-sparse autoencoder's training step (Makhzani & Frey, Sec. 2.2 steps 1-4) over the
 * support against the dense tfjs step: `tf.variableGrads` of `kSparseLoss` in W, b and b' on
 * 784 inputs, batch 100, for n = 1000 hidden units with k = 10, 25, 40, 100 and n = 4000 with
 * k = 25. The two paths run in alternating rounds (so a loaded machine slows both alike) and
 * the medians are printed with their ratio.
 *
 *   deno run -A bench/ksparse_step_bench.ts [wasm|cpu] [rounds] [steps per round]
 *
 * The timed span ends when the gradient of W has been read back.
 *
 * @module
 */
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { kSparseLoss } from "../lib/ops/ksparse_step.ts";
import { normalArray, randomStream, uniformArray } from "../lib/random.ts";

const BATCH = 100;
const INPUTS = 784;
const SHAPES = [
  { hidden: 1000, k: 10 },
  { hidden: 1000, k: 25 },
  { hidden: 1000, k: 40 },
  { hidden: 1000, k: 100 },
  { hidden: 4000, k: 25 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const backend = (Deno.args[0] ?? "wasm") as "wasm" | "cpu";
const rounds = Number(Deno.args[1] ?? 7);
const steps = Number(Deno.args[2] ?? 3);
const report = await useBackend(backend);
console.log(`backend ${backend}${report.matmul ? ` (matmul: ${report.matmul})` : ""}`);
console.log(`rounds ${rounds}, ${steps} steps each, batch ${BATCH}, inputs ${INPUTS}`);

for (const { hidden, k } of SHAPES) {
  const rs = randomStream(1);
  const x = tf.tensor2d(uniformArray(rs, BATCH * INPUTS), [BATCH, INPUTS]);
  const W = tf.variable(tf.tensor2d(normalArray(rs, INPUTS * hidden, 0.01), [INPUTS, hidden]));
  const b = tf.variable(tf.zeros([hidden]));
  const bOut = tf.variable(tf.zeros([INPUTS]));
  const step = (path: "sparse" | "dense") => {
    const t0 = performance.now();
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => kSparseLoss(x, W, b, bOut, k, path));
      grads[W.name].dataSync();
    });
    return performance.now() - t0;
  };
  step("sparse"); // warm-up: compile, allocate
  step("dense");
  const times = { sparse: [] as number[], dense: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    const order: ("sparse" | "dense")[] = r % 2 ? ["dense", "sparse"] : ["sparse", "dense"];
    for (const path of order) {
      for (let s = 0; s < steps; s++) times[path].push(step(path));
    }
  }
  const sp = median(times.sparse), de = median(times.dense);
  console.log(
    `n ${hidden} k ${k}: dense ${de.toFixed(2)} ms, sparse ${sp.toFixed(2)} ms, ` +
      `dense/sparse ${(de / sp).toFixed(2)} (predicted ${(6 / (1 + (4 * k) / hidden)).toFixed(2)})`,
  );
  for (const t of [x, W, b, bOut]) t.dispose();
}

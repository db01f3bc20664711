/**
 * The fine-tuning step of Makhzani & Frey's Table 3 networks (Sec. 4.5-4.6): 784 inputs,
 * 1000-unit k-sparse layers keeping alpha*k = 75 units (k = 25, alpha = 3), a 10-way softmax,
 * batch 100, SGD with momentum 0.25 (the trainer's step without its batching), on wasm with the
 * system BLAS where it opens. Each group times the layer's gradients over the kept units
 * (`kSparsePath: "sparse"`, `lib/ops/ksparse_layer.ts`) against tfjs' dense ops (`"dense"`,
 * the baseline), so `deno bench` prints the ratio.
 *
 *   deno task bench:finetune
 *
 * @module
 */
import { tf } from "../lib/tf.ts";
import { useBackend } from "../lib/backend.ts";
import { denseClassifier } from "../lib/models/classifier.ts";
import type { KSparseStepPath } from "../lib/ops/ksparse_step.ts";
import { sgd } from "../lib/train/optimizers.ts";
import { randomStream, uniformArray } from "../lib/random.ts";

const BATCH = 100, INPUTS = 784, HIDDEN = 1000, KEPT = 75, CLASSES = 10;

await useBackend("wasm", { report: true });

for (const depth of [1, 2]) {
  for (const path of ["dense", "sparse"] as const satisfies readonly KSparseStepPath[]) {
    Deno.bench({
      name: `${depth === 1 ? "shallow" : "deep"} network, ${path}`,
      group: `fine-tuning step, ${depth} k-sparse layer${depth > 1 ? "s" : ""}`,
      baseline: path === "dense",
      fn(b) {
        const net = denseClassifier({
          inputs: INPUTS,
          classes: CLASSES,
          layers: Array.from({ length: depth }, () => ({
            units: HIDDEN,
            activation: { kind: "ksparse" as const, k: KEPT },
          })),
          seed: 1,
          kSparsePath: path,
        });
        const optimizer = sgd({ momentum: 0.25 });
        const x = tf.tensor2d(uniformArray(randomStream(1), BATCH * INPUTS), [BATCH, INPUTS]);
        const y = tf.tensor1d(
          Array.from({ length: BATCH }, (_, i) => i % CLASSES),
          "int32",
        );
        const vars = Object.values(net.params);
        const step = () => {
          const { value, grads } = tf.variableGrads(
            () => net.loss({ x, y }, { training: true, seed: 1 }),
            vars,
          );
          const byName = Object.fromEntries(
            Object.entries(net.params).map(([name, v]) => [name, grads[v.name]]),
          );
          tf.tidy(() => optimizer.apply(net.params, byName, 0.01));
          const loss = value.dataSync()[0];
          value.dispose();
          tf.dispose(grads);
          return loss;
        };
        step(); // warm: kernels compiled, scratch grown
        b.start();
        for (let i = 0; i < 5; i++) step();
        b.end();
        optimizer.dispose();
        net.dispose();
        x.dispose();
        y.dispose();
      },
    });
  }
}

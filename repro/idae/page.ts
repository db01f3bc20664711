/**
 * The results page of the iterating-DAE reproduction, `results/idae/README.md`: the canonical
 * paper-preset run with its tables, figures, seeds and explosion profiles, then the runs that
 * the findings rest on.
 *
 * @module
 */
import type { ResultsPageSpec } from "../results_page.ts";

const FIGURES = [
  "figure3.png",
  "figure4.png",
  "figure5-accuracy.svg",
  "figure5-explosions.svg",
  "figure6.png",
  "figure7-steps20.svg",
  "figure7-steps100.svg",
  "figure7-distance.svg",
];

/**
 * What `results/idae/README.md` shows, in order.
 *
 * @example
 * ```ts
 * import { IDAE_PAGE } from "./page.ts";
 * console.log(IDAE_PAGE.sections[0].dir); // mnist-N250
 * ```
 */
export const IDAE_PAGE: ResultsPageSpec = {
  title: "Iterating denoising autoencoders (Bahdanau & Jaeger, 2014)",
  citation: 'D. Bahdanau and H. Jaeger, "Smart decisions by small adjustments: iterating ' +
    "denoising autoencoders\", 2014. Paper: `shared/papers/`; the paper's numbers and settings " +
    "with their sections: `repro/idae/paper.ts`.",
  regenerate: "each section names the command that made its run.",
  sections: [
    {
      heading: "MNIST, paper preset, one seed (the canonical run)",
      dir: "mnist-N250",
      intro: "`deno task repro:idae --preset paper --seeds 1 --out results/idae/mnist-N250`: " +
        "Table 1a's models at N = 250, α = 0.999 and Table 1b's k = 4, 5 models.",
      tables: ["table1a", "table1b", "pixels", "models"],
      figures: FIGURES,
    },
    {
      heading: "MNIST, Table 1 over every seed run so far",
      dir: "mnist-N250",
      metadata: "seeds-metadata.json",
      intro: "`deno task repro:idae-seeds --preset paper --out results/idae/mnist-N250`: the " +
        "grid's models and the further seeds of `repro:idae-trend --seed S` in `mnist/`; " +
        "trains nothing.",
      tables: ["seeds"],
    },
    {
      heading: "MNIST, what the explosions are (Sec. 6.1)",
      dir: "mnist-N250",
      metadata: "explosions-metadata.json",
      intro: "`deno task repro:idae-explosions --preset paper --seeds 1 --out " +
        "results/idae/mnist-N250`: the fixed points counted as explosions, per model.",
      tables: ["explosions"],
      figures: ["explosions.png"],
    },
    {
      heading: "MNIST, the other reading of Sec. 5.3's rate (α = 0.99)",
      dir: "mnist-N250-a0.99",
      intro: "`deno task repro:idae --preset paper --seeds 1 --annealing-rate 0.99 --out " +
        "results/idae/mnist-N250-a0.99`.",
      tables: ["table1a", "table1b"],
    },
    {
      heading: "MNIST, walkback chain corrupted before every step",
      dir: "mnist-N250-noise-every",
      intro:
        "`deno task repro:idae --preset paper --seeds 1 --annealing-rate 0.99 --chain-noise every " +
        "--out results/idae/mnist-N250-noise-every`: the chain of Bengio et al. (2013) instead of " +
        "Eq. 8's, annealed by α = 0.99 (compare the α = 0.99 run above).",
      tables: ["table1a", "table1b"],
    },
    {
      heading: "MNIST, k = 1, σ = 0.7 with minibatches of 50",
      dir: "mnist",
      metadata: "trend-k1-sigma0.7-a0.999-b50-N250-metadata.json",
      intro: "`deno task repro:idae-trend --preset paper --k 1 --sigma 0.7 --annealing-rate " +
        "0.999 --batch-size 50 --epochs 250 --evaluate-at 250`, and the same with the default " +
        "rate 0.99: the other settings Sec. 5.3 tried without walkback.",
      tables: ["trend-k1-sigma0.7-a0.999-b50-N250", "trend-k1-sigma0.7-b50-N250"],
    },
    {
      heading: "MNIST, k = 1 accuracy against run length at α = 0.99",
      dir: "mnist",
      metadata: "trend-k1-sigma0.7-N250-seed2-metadata.json",
      intro: "`deno task repro:idae-trend --k 1 --sigma 0.5 --epochs 250` and `--sigma 0.7 " +
        "--seed 2`: one model each, evaluated at doubling epochs.",
      tables: ["trend-k1-sigma0.5-N250", "trend-k1-sigma0.7-N250-seed2"],
      figures: ["trend-k1-sigma0.5-N250.svg", "trend-k1-sigma0.7-N250-seed2.svg"],
    },
    {
      heading: "MNIST, quick preset (10 epochs)",
      dir: "mnist",
      intro: "`deno task repro:idae`: the whole pipeline in about an hour of one core.",
      tables: ["table1a", "table1b"],
    },
    {
      heading: "Fashion-MNIST, quick preset (no paper numbers)",
      dir: "fashion-mnist",
      intro: "`deno task repro:idae --dataset fashion-mnist`: the quick MNIST settings unchanged.",
      tables: ["table1a", "table1b"],
    },
  ],
};

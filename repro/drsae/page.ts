/**
 * What `results/drsae/README.md` shows: the canonical MNIST runs of the paper preset (the
 * paper's SGD) and of the quick preset (Adam), and the Fashion-MNIST run.
 *
 * @module
 */
import type { ResultsPageSpec } from "../results_page.ts";

const FIGURES = [
  "figure2a-encoders.png",
  "figure2b-decoders.png",
  "figure2c-classifier.png",
  "figure3.svg",
  "figure4.svg",
  "figure5.png",
  "figure6a.png",
  "figure6b.png",
  "figure6c.png",
  "figure7.svg",
  "figure8a.png",
  "figure8b.png",
  "training.svg",
];

/**
 * The DrSAE results page.
 *
 * @example
 * ```ts
 * import { DRSAE_PAGE } from "./page.ts";
 * console.log(DRSAE_PAGE.sections.map((s) => s.dir)); // [ "mnist-paper", "mnist", "fashion-mnist" ]
 * ```
 */
export const DRSAE_PAGE: ResultsPageSpec = {
  title: "Discriminative recurrent sparse autoencoders (Rolfe & LeCun, 2013)",
  citation: "J. T. Rolfe and Y. LeCun, *Discriminative Recurrent Sparse Auto-Encoders*, ICLR " +
    "2013 (arXiv:1301.3775); Table 1 (with the T = 2 results of Sec. 4), the part- and " +
    "categorical-units of Sec. 3 and Figures 2-8.",
  regenerate: "rerun with `deno task repro:drsae --preset paper --out results/drsae/mnist-paper` " +
    "(about two hours on one CPU core), `deno task repro:drsae --preset quick` and " +
    "`deno task repro:drsae --preset quick --dataset fashion-mnist`.",
  sections: [
    {
      heading: "MNIST, paper preset (the paper's SGD in both phases)",
      dir: "mnist-paper",
      intro: "The four DrSAEs of Table 1, each pretrained on L^U (Eq. 2) and fine-tuned on " +
        "L^U + L^S (Eq. 3) with early stopping on 10,000 validation digits; Figures 2 and 4-8 " +
        "analyse 784-400^11-10.",
      tables: ["table1", "units", "fit"],
      figures: FIGURES,
    },
    {
      heading: "MNIST, quick preset (Adam, about half an hour)",
      dir: "mnist",
      intro: "The same four networks trained briefly with Adam (epsilon 1e-3) and lambda 0.05.",
      tables: ["table1", "units"],
      figures: FIGURES,
    },
    {
      heading: "Fashion-MNIST, quick preset",
      dir: "fashion-mnist",
      intro: "The quick preset on Fashion-MNIST; the paper reports MNIST only.",
      tables: ["table1", "units", "fit"],
      figures: FIGURES,
    },
  ],
};

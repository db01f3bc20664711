/**
 * What `results/ksparse/README.md` shows: the MNIST run (Tables 1 and 3, the schedule
 * ablation, Figures 1 and 4), the MNIST run-length trend, and the Fashion-MNIST run.
 *
 * @module
 */
import type { ResultsPageSpec } from "../results_page.ts";

const FIGURES = [
  "figure1-k70.png",
  "figure1-k40.png",
  "figure1-k25.png",
  "figure1-k10.png",
  "figure4.svg",
  "training-loss.svg",
];

/**
 * The k-sparse results page.
 *
 * @example
 * ```ts
 * import { KSPARSE_PAGE } from "./page.ts";
 * console.log(KSPARSE_PAGE.sections.map((s) => s.dir)); // [ "mnist", "mnist", "fashion-mnist" ]
 * ```
 */
export const KSPARSE_PAGE: ResultsPageSpec = {
  title: "k-sparse autoencoders (Makhzani & Frey, 2014)",
  citation: "A. Makhzani and B. Frey, *k-Sparse Autoencoders*, ICLR 2014 " +
    "(arXiv:1312.5663); Tables 1 and 3, Figures 1 and 4, and the k schedule of Sec. 4.2.1.",
  regenerate: "rerun with `deno task repro:ksparse --preset quick` (add `--dataset " +
    "fashion-mnist` for Fashion-MNIST) and `deno task repro:ksparse-trend --preset quick " +
    "--epochs 80`.",
  sections: [
    {
      heading: "MNIST",
      dir: "mnist",
      intro: "Features of each autoencoder probed with logistic regression (Table 1), the " +
        "networks fine-tuned (Table 3), and dead units with and without the k schedule.",
      tables: ["table1", "table3", "ablation"],
      figures: FIGURES,
    },
    {
      heading: "MNIST: error against run length",
      dir: "mnist",
      intro: "One k = 25 model trained longer and probed along the way.",
      tables: ["trend"],
      figures: ["trend.svg"],
      metadata: "trend-metadata.json",
    },
    {
      heading: "Fashion-MNIST",
      dir: "fashion-mnist",
      intro: "The Table 1 and Table 3 protocols on Fashion-MNIST; the paper has no numbers for it.",
      tables: ["table1", "table3", "ablation"],
      figures: FIGURES,
    },
  ],
};

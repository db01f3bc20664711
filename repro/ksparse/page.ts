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
 * console.log(KSPARSE_PAGE.sections.map((s) => s.dir).length); // 20
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
    ...[25, 40].map((k) => ({
      heading: `MNIST: k = ${k} trained 320 epochs, probed along the way, then fine-tuned`,
      dir: `mnist-trend-k${k}-e320`,
      intro: `One k = ${k} model trained 32 times the quick preset's length (\`deno task ` +
        `repro:ksparse-trend --preset quick --epochs 320 --k ${k}\`${
          k === 25 ? "" : " with `--fine-tune --fine-tune-epochs 50`"
        }); the k schedule spans its first 160 epochs.`,
      tables: ["trend"],
      figures: ["trend.svg"],
      metadata: "trend-metadata.json",
    })),
    {
      heading: "MNIST: k = 10 trained 80 epochs, probed along the way",
      dir: "mnist-trend-k10-e80",
      intro: "One k = 10 model trained 8 times the quick preset's length (`deno task " +
        "repro:ksparse-trend --preset quick --k 10 --epochs 80 --out " +
        "results/ksparse/mnist-trend-k10-e80`); the k schedule spans its first 40 epochs.",
      tables: ["trend"],
      figures: ["trend.svg"],
      metadata: "trend-metadata.json",
    },
    {
      heading: "MNIST: the deep networks fine-tuned 50 epochs per stage",
      dir: "mnist-finetune-deep-e50",
      intro: "Table 3's deep dropout and deep k-sparse networks, each stage fine-tuned for 50 " +
        "epochs instead of 6, from the quick run's autoencoders (`deno task " +
        "repro:ksparse-finetune --preset quick --networks deepDropout,deepKSparse " +
        "--fine-tune-epochs 50 --out results/ksparse/mnist-finetune-deep-e50`).",
      tables: ["finetune"],
      metadata: "finetune-metadata.json",
    },
    {
      heading: "MNIST: the deep k-sparse network from autoencoders pretrained 80 epochs",
      dir: "mnist-finetune-deep-pre80",
      intro: "Table 3's deep k-sparse network built from two k = 25 autoencoders trained 80 " +
        "epochs each instead of 10, each stage fine-tuned 50 epochs (`deno task " +
        "repro:ksparse-finetune --preset quick --epochs 80 --networks deepKSparse " +
        "--fine-tune-epochs 50 --out results/ksparse/mnist-finetune-deep-pre80`).",
      tables: ["finetune"],
      metadata: "finetune-metadata.json",
    },
    {
      heading: "MNIST: the deep k-sparse network from autoencoders pretrained 160 epochs",
      dir: "mnist-finetune-deep-pre160",
      intro: "The same network from autoencoders trained 160 epochs each, each stage " +
        "fine-tuned 20 epochs (`deno task repro:ksparse-finetune --preset quick --epochs 160 " +
        "--networks deepKSparse --fine-tune-epochs 20 --out " +
        "results/ksparse/mnist-finetune-deep-pre160`).",
      tables: ["finetune"],
      metadata: "finetune-metadata.json",
    },
    {
      heading: "MNIST: the denoising autoencoder trained 80 epochs, probed, then fine-tuned",
      dir: "mnist-trend-denoising-e80",
      intro: "Table 1's denoising autoencoder trained 8 times the quick preset's length, probed " +
        "along the way on all its hidden units, then fine-tuned as Table 3's denoising network " +
        "for 50 epochs (`deno task repro:ksparse-trend --preset quick --model denoising " +
        "--epochs 80 --fine-tune --fine-tune-epochs 50 --out " +
        "results/ksparse/mnist-trend-denoising-e80`).",
      tables: ["trend"],
      figures: ["trend.svg"],
      metadata: "trend-metadata.json",
    },
    ...([["denoising", "the denoising autoencoder"], [
      "dropout-denoising",
      "the dropout + denoising autoencoder",
    ]] as const).map(([id, name]) => ({
      heading: `MNIST: ${name} trained 160 epochs, probed along the way`,
      dir: `mnist-trend-${id}-e160`,
      intro: `Table 1's ${name.slice(4)} trained 16 times the quick preset's length (\`deno ` +
        `task repro:ksparse-trend --preset quick --model ${
          id === "denoising" ? "denoising" : "dropoutDenoising"
        } --epochs 160 --out results/ksparse/mnist-trend-${id}-e160\`); the trend's probe ` +
        "has one L2 weight (1e-4), Table 1's validates two (0 and 1e-4).",
      tables: ["trend"],
      figures: ["trend.svg"],
      metadata: "trend-metadata.json",
    })),
    {
      heading: "MNIST: the dropout + denoising autoencoder probed with Table 1's L2 grid",
      dir: "mnist-trend-dropout-denoising-e40-l2",
      intro: "Table 1's dropout + denoising autoencoder trained 40 epochs and probed along the " +
        "way with the L2 weights Table 1's probe validates, 0 and 1e-4, instead of the trend's " +
        "one (`deno task repro:ksparse-trend --preset quick --model dropoutDenoising --epochs " +
        "40 --probe-l2 0,0.0001 --out results/ksparse/mnist-trend-dropout-denoising-e40-l2`).",
      tables: ["trend"],
      figures: ["trend.svg"],
      metadata: "trend-metadata.json",
    },
    ...([0.003, 0.03, 0.1] as const).map((lr) => ({
      heading: `MNIST: the dropout + denoising autoencoder trained at rate ${lr}`,
      dir: `mnist-trend-dropout-denoising-e10-lr${lr}`,
      intro: "The same autoencoder trained 10 epochs at another rate than the comparison " +
        "autoencoders' 0.01 (chosen on validation for the dropout autoencoder alone), probed " +
        "with Table 1's L2 grid (`deno task repro:ksparse-trend --preset quick --model " +
        `dropoutDenoising --epochs 10 --probe-l2 0,0.0001 --lr ${lr} --out ` +
        `results/ksparse/mnist-trend-dropout-denoising-e10-lr${lr}\`).`,
      tables: ["trend"],
      figures: ["trend.svg"],
      metadata: "trend-metadata.json",
    })),
    {
      heading: "MNIST: the dropout + denoising autoencoder trained 40 epochs at rate 0.03",
      dir: "mnist-trend-dropout-denoising-e40-lr0.03",
      intro: "The best rate of the three sections above, for four times the length (`deno task " +
        "repro:ksparse-trend --preset quick --model dropoutDenoising --epochs 40 --probe-l2 " +
        "0,0.0001 --lr 0.03 --out results/ksparse/mnist-trend-dropout-denoising-e40-lr0.03`).",
      tables: ["trend"],
      figures: ["trend.svg"],
      metadata: "trend-metadata.json",
    },
    {
      heading: "MNIST: the 320-epoch k = 25 model fine-tuned",
      dir: "mnist-trend-k25-e320-ft",
      intro: "The k = 25 model of the 320-epoch run above, resumed from its finished checkpoint " +
        "and fine-tuned as Table 3's k-sparse network for 50 epochs (`deno task " +
        "repro:ksparse-trend --preset quick --epochs 320 --fine-tune --fine-tune-epochs 50 " +
        "--out results/ksparse/mnist-trend-k25-e320-ft`; its probes are in the folder above).",
      tables: ["trend"],
      metadata: "trend-metadata.json",
    },
    {
      heading: "MNIST: the 320-epoch k = 25 model fine-tuned with the paper's whole schedule",
      dir: "mnist-trend-k25-e320-ft200",
      intro: "The same model fine-tuned for the paper's 200 epochs (rate 1 falling linearly to " +
        "0.001, momentum 0.25; `deno task repro:ksparse-trend --preset quick --epochs 320 " +
        "--fine-tune --fine-tune-epochs 200 --out results/ksparse/mnist-trend-k25-e320-ft200`).",
      tables: ["trend"],
      metadata: "trend-metadata.json",
    },
    {
      heading: "MNIST: the k = 25 rows over three seeds",
      dir: "mnist-seeds",
      intro: "Table 1's k = 25 probe and Table 3's k-sparse + fine-tuning network trained as the " +
        "quick run trains them, once per seed (`deno task repro:ksparse-seeds --preset quick " +
        "--seeds 1,2,3 --out results/ksparse/mnist-seeds`).",
      tables: ["seeds"],
      metadata: "seeds-metadata.json",
    },
    {
      heading: "MNIST: the comparison networks fine-tuned 50 epochs",
      dir: "mnist-finetune-e50",
      intro: "Table 3's shallow dropout and denoising networks fine-tuned for 50 epochs instead " +
        "of 6, from the quick run's autoencoders (`deno task repro:ksparse-finetune --preset " +
        "quick --networks dropout,denoising --fine-tune-epochs 50 --out " +
        "results/ksparse/mnist-finetune-e50`).",
      tables: ["finetune"],
      metadata: "finetune-metadata.json",
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

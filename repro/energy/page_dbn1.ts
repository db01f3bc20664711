/**
 * The sections of `results/energy/README.md` on the DBN-1 baseline of the 2007 benchmark sets
 * run with other lengths of CD-1, another width, the other background rule and visibles sampled
 * from the grey levels; they close the benchmark sections of `page_benchmarks.ts`.
 *
 * @module
 */
import type { ResultsPageSpec } from "../results_page.ts";

type Section = ResultsPageSpec["sections"][number];

/** The DBN-1 baseline with other lengths of pretraining, another width, rule and data. */
export const ENERGY_DBN1_SECTIONS: Section[] = dbn1Sections();

function dbn1Sections(): Section[] {
  const run = (flags: string, dir: string) =>
    "(`deno task repro:energy-benchmarks --preset quick --baselines-only --skip-svm --sets " +
    `${flags} --out results/energy/${dir}\`; logistic regression and the MLP as in the first ` +
    "section)";
  return [
    {
      heading: "DBN-1 pretrained 30 epochs",
      dir: "benchmarks-dbn1-cd30",
      intro: "The DBN-1 baseline of the first section with 30 epochs of CD-1 instead of 100 " +
        run(
          "rectangles,mnist-rot,mnist-back-image,mnist-back-rand --dbn1-pretrain-epochs 30",
          "benchmarks-dbn1-cd30",
        ) + ".",
      tables: ["baselines"],
    },
    {
      heading: "DBN-1 pretrained 10 epochs",
      dir: "benchmarks-dbn1-cd10",
      intro: "The same with 10 epochs of CD-1 on the two background sets " +
        run("mnist-back-image,mnist-back-rand --dbn1-pretrain-epochs 10", "benchmarks-dbn1-cd10") +
        ".",
      tables: ["baselines"],
    },
    {
      heading: "DBN-1 pretrained 300 epochs",
      dir: "benchmarks-dbn1-cd300",
      intro: "The same with 300 epochs of CD-1 " +
        run(
          "rectangles,mnist-back-image,mnist-back-rand --dbn1-pretrain-epochs 300",
          "benchmarks-dbn1-cd300",
        ) + ".",
      tables: ["baselines"],
    },
    {
      heading: "DBN-1 pretrained 1000 epochs on rectangles",
      dir: "benchmarks-dbn1-cd1000",
      intro: "The same on rectangles with 1000 epochs of CD-1 " +
        run("rectangles --dbn1-pretrain-epochs 1000", "benchmarks-dbn1-cd1000") + ".",
      tables: ["baselines"],
    },
    {
      heading: "DBN-1 on mnist-back-rand under the replace rule",
      dir: "benchmarks-dbn1-replace",
      intro: "The DBN-1 baseline of the first section on mnist-back-rand generated with the " +
        "digit's level wherever it is above 0 and the noise elsewhere " +
        "(`deno task repro:energy-benchmarks --preset quick --baselines-only --skip-svm --sets " +
        "mnist-back-rand --background-rule replace --out results/energy/benchmarks-dbn1-replace`; " +
        "logistic regression and the MLP on the same set).",
      tables: ["baselines"],
    },
    {
      heading: "DBN-1 with 2000 hidden units",
      dir: "benchmarks-dbn1-h2000",
      intro: "DBN-1 with 2000 hidden units instead of 500 and 30 epochs of CD-1 " +
        run(
          "rectangles,mnist-back-image,mnist-back-rand --dbn1-hidden 2000 " +
            "--dbn1-pretrain-epochs 30",
          "benchmarks-dbn1-h2000",
        ) + ".",
      tables: ["baselines"],
    },
    {
      heading: "DBN-1 on visibles sampled from the grey levels",
      dir: "benchmarks-dbn1-sampled",
      intro: "The DBN-1 baseline of the first section on all eight sets, its RBM trained by CD-1 " +
        "on binary visibles drawn from the grey levels afresh at every step (the RBM's " +
        "`sampleData`) instead of on the grey levels as they are (`deno task " +
        "repro:energy-benchmarks --preset quick --baselines-only --skip-svm --dbn1-sample-data " +
        "--out results/energy/benchmarks-dbn1-sampled`; logistic regression and the MLP as in " +
        "the first section). The rectangles and convex images are binary already, so each draw " +
        "gives them back, and their cells are within 0.1 point of the first section's.",
      tables: ["baselines"],
    },
    {
      heading: "DBN-1 on sampled visibles pretrained 300 epochs on mnist-back-rand",
      dir: "benchmarks-dbn1-sampled-cd300",
      intro: "The section above on mnist-back-rand with 300 epochs of CD-1 " +
        run(
          "mnist-back-rand --dbn1-sample-data --dbn1-pretrain-epochs 300",
          "benchmarks-dbn1-sampled-cd300",
        ) + ".",
      tables: ["baselines"],
    },
  ];
}

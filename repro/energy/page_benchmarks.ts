/**
 * The sections of `results/energy/README.md` on the 2007 benchmark sets (Part II: Tables 1,
 * 3-5, Figures 6 and 9, the baselines), in the order the page shows them after the MNIST and
 * Fashion-MNIST sections of `page.ts`.
 *
 * @module
 */
import type { ResultsPageSpec } from "../results_page.ts";
import { ENERGY_DBN1_SECTIONS } from "./page_dbn1.ts";

type Section = ResultsPageSpec["sections"][number];

/** The section of a run that repeats the section before it with model seed 2. */
function seed2(heading: string, dir: string, tables: string[], note = ""): Section {
  const intro = "The section above with model seed 2 (`--seed 2 --out " +
    `results/energy/${dir}\`, the flags otherwise the same${note}).`;
  return { heading, dir, intro, tables };
}

/** The benchmark sets' sections, one per committed run. */
export const ENERGY_BENCHMARK_SECTIONS: ResultsPageSpec["sections"] = [
  {
    heading: "The 2007 benchmark sets (regenerated): Tables 1, 3, 4, 5, Figures 6 and 9",
    dir: "benchmarks",
    intro: "Part II on the eight Larochelle et al. (2007) sets as the package regenerates " +
      "them from their recipes (`lib/data/benchmarks.ts`; not the original files, so the " +
      "paper's numbers are a reference, not a target to the decimal): baselines beside the " +
      "published SVM-RBF errors, Table 1 (linear CSAE with and without pretraining), Table 3 " +
      "(four CSAE models per set), Table 4 (the Sec. 4.7 variants), Table 5 (CSAE beside the " +
      "cited models, our DBN-1, the model of the cited RBM column, and our classification " +
      "RBM), Figure 6's three panels and Figure 9 (`deno task repro:energy-benchmarks " +
      "--preset quick`). mnist-back-image and mnist-rot-back-image are at recipe 2, their " +
      'default (the photograph patches stretched to the full grey range; the item "Recipe ' +
      '2" of the findings).',
    tables: ["baselines", "table1", "table3", "table4", "table5"],
    figures: [
      "figure6-sigmoid.svg",
      "figure6-factored-sigmoid.svg",
      "figure6.svg",
      ...["rectangles-image", "mnist-rot-back-image", "rectangles"].flatMap((set) =>
        ["examples", "sigmoid-class0", "sigmoid-class1", "factored-wx"].map((f) =>
          `figure9-${set}-${f}.png`
        )
      ),
    ],
  },
  {
    heading: "The same at recipe 1, before DBN-1 joined the baselines",
    dir: "benchmarks-r1",
    intro: "The quick run of the section above as it was made before recipe 2 became the " +
      "default of mnist-back-image and mnist-rot-back-image: their photograph patches as " +
      "cut, and no DBN-1 (made with `deno task repro:energy-benchmarks --preset quick`; " +
      "`--recipe 1 --out results/energy/benchmarks-r1` gives it now, with DBN-1). The other " +
      "six sets' cells are those of the section above, from the same checkpoints. The " +
      "findings that cite the quick run's image-background cells at recipe 1 cite this folder.",
    tables: ["baselines", "table1", "table3", "table4", "table5"],
    figures: [
      "figure6-sigmoid.svg",
      "figure6-factored-sigmoid.svg",
      "figure6.svg",
      ...["examples", "sigmoid-class0", "sigmoid-class1", "factored-wx"].map((f) =>
        `figure9-mnist-rot-back-image-${f}.png`
      ),
    ],
  },
  {
    heading: "The 2007 benchmark sets: the baselines with our SVM-RBF",
    dir: "benchmarks-baselines",
    intro: "The baselines of the sets above again, now with an SVM with a Gaussian kernel, the " +
      "kind of model behind the published column (scikit-learn's libsvm; C and gamma on " +
      "validation, the grid widened past an edge, refit on train + validation), so that a " +
      "set's difficulty is compared model for model (`deno task repro:energy-benchmarks " +
      "--preset quick --baselines-only --recipe 1 --out " +
      "results/energy/benchmarks-baselines`; recipe 1 for the image backgrounds).",
    tables: ["baselines"],
  },
  {
    heading: "The background sets under the other background rule (max)",
    dir: "benchmarks-max",
    intro: "mnist-back-rand, mnist-back-image and mnist-rot-back-image generated with the " +
      "larger grey level at each pixel instead of the digit's level wherever it is above 0 " +
      "(`--background-rule max --baselines-only --sets mnist-back-rand,mnist-back-image," +
      "mnist-rot-back-image --recipe 1 --out results/energy/benchmarks-max`; recipe 1 for " +
      "the image backgrounds).",
    tables: ["baselines"],
  },
  {
    heading: "Rectangles with the paper's grid of regularisers, a wider one of units",
    dir: "benchmarks-rectangles-grid",
    intro: "Table 3's four models on rectangles with contraction 0.2, 0.5 and 1.0, corruption " +
      "0.2 and 0.5 (the paper's grids), 100 and 300 hidden units (and factors) and weight " +
      "decay 0 and 1e-3 validated, the rest of the quick preset unchanged (`deno task " +
      "repro:energy-benchmarks --sets rectangles --tables 3 --hidden 100,300 --contraction " +
      "0.2,0.5,1.0 --corruption 0.2,0.5 --l2 0,0.001 --out " +
      "results/energy/benchmarks-rectangles-grid`).",
    tables: ["table3"],
  },
  {
    heading: "mnist-rot-back-image's Table 1 row fine-tuned 30 epochs",
    dir: "benchmarks-rbi-e30",
    intro: "Table 1 on mnist-rot-back-image with 30 fine-tuning epochs instead of 10, the " +
      "quick preset otherwise (`deno task repro:energy-benchmarks --sets " +
      "mnist-rot-back-image --tables 1 --epochs 30 --recipe 1 --out " +
      "results/energy/benchmarks-rbi-e30`; recipe 1, the patches as cut).",
    tables: ["table1"],
  },
  {
    heading: "mnist-rot's Tables 3 and 5 fine-tuned 40 epochs",
    dir: "benchmarks-mnist-rot-e40",
    intro: "Tables 3 and 5 on mnist-rot with 40 fine-tuning epochs instead of 10, the quick " +
      "preset otherwise (`deno task repro:energy-benchmarks --sets mnist-rot --tables 3,5 " +
      "--epochs 40 --out results/energy/benchmarks-mnist-rot-e40`): the sigmoid model ended " +
      "the quick run with 5% training error.",
    tables: ["table3", "table5"],
  },
  {
    heading: "mnist-rot's Table 4 fine-tuned 40 epochs",
    dir: "benchmarks-mnist-rot-e40-t4",
    intro: "Table 4's variants on mnist-rot with 40 fine-tuning epochs instead of 10 " +
      "(`deno task repro:energy-benchmarks --sets mnist-rot --tables 4 --epochs 40 --out " +
      "results/energy/benchmarks-mnist-rot-e40-t4`).",
    tables: ["table4"],
  },
  {
    heading: "mnist-small's Tables 1 and 4 fine-tuned 40 epochs",
    dir: "benchmarks-mnist-small-e40",
    intro: "Table 1 and Table 4's variants on mnist-small with 40 fine-tuning epochs instead " +
      "of 10 (`deno task repro:energy-benchmarks --sets mnist-small --tables 1,4 --epochs 40 " +
      "--out results/energy/benchmarks-mnist-small-e40`).",
    tables: ["table1", "table4"],
  },
  {
    heading: "mnist-small's Tables 3 and 5 fine-tuned 40 epochs",
    dir: "benchmarks-mnist-small-e40-t35",
    intro: "Tables 3 and 5 on mnist-small with 40 fine-tuning epochs instead of 10 (`deno task " +
      "repro:energy-benchmarks --sets mnist-small --tables 3,5 --epochs 40 --out " +
      "results/energy/benchmarks-mnist-small-e40-t35`), completing mnist-small at 40 epochs " +
      "with the section above.",
    tables: ["table3", "table5"],
  },
  {
    heading: "convex's Tables 3, 4 and 5 fine-tuned 40 epochs, two rates",
    dir: "benchmarks-convex-e40",
    intro: "Tables 3-5 on convex with 40 fine-tuning epochs and the plain CSAE's rate chosen " +
      "on validation from two (`deno task repro:energy-benchmarks --sets convex --tables " +
      "3,4,5 --epochs 40 --lr 0.01,0.003 --out results/energy/benchmarks-convex-e40`): the " +
      "quick run's modulus model jumped between 22% and 40% validation error from epoch to " +
      "epoch.",
    tables: ["table3", "table4", "table5"],
  },
  {
    heading: "rectangles' Tables 3 and 5 fine-tuned 40 epochs",
    dir: "benchmarks-rectangles-e40",
    intro: "Tables 3 and 5 on rectangles with 40 fine-tuning epochs, which its 1,000 " +
      "training images turn into 120 (`deno task repro:energy-benchmarks --sets rectangles " +
      "--tables 3,5 --epochs 40 --out results/energy/benchmarks-rectangles-e40`).",
    tables: ["table3", "table5"],
  },
  {
    heading: "Table 1 on rectangles and mnist-rot fine-tuned 40 epochs",
    dir: "benchmarks-t1-e40",
    intro: "The linear CSAE with and without pretraining on rectangles and mnist-rot with 40 " +
      "fine-tuning epochs (`deno task repro:energy-benchmarks --sets mnist-rot,rectangles " +
      "--tables 1 --epochs 40 --out results/energy/benchmarks-t1-e40`).",
    tables: ["table1"],
  },
  {
    heading: "Table 5 with filters normalised in pretraining, 40 epochs",
    dir: "benchmarks-t5-norm",
    intro: "Table 5 on rectangles, convex and mnist-small with the filters rescaled to their " +
      "mean norm after every pretraining step, as Sec. 4.8 did for this table (`deno task " +
      "repro:energy-benchmarks --sets rectangles,mnist-small,convex --tables 5 --epochs 40 " +
      "--normalize-filters --out results/energy/benchmarks-t5-norm`).",
    tables: ["table5"],
  },
  {
    heading: "mnist-rot's Table 5 with filters normalised in pretraining, 40 epochs",
    dir: "benchmarks-t5-norm-rot",
    intro: "The same for mnist-rot (`--sets mnist-rot --tables 5 --epochs 40 " +
      "--normalize-filters --out results/energy/benchmarks-t5-norm-rot`; its models came from " +
      "the checkpoints of a first attempt that stopped at the RBM, so the run line's wall " +
      "time is the second session's).",
    tables: ["table5"],
  },
  {
    heading: "Tables 1, 3 and 5 with 100 pretraining epochs, 40 fine-tuning epochs",
    dir: "benchmarks-pre100",
    intro: "Tables 1, 3 and 5 on the four sets the issue names with each class's autoencoder " +
      "pretrained 100 epochs instead of 10 (`deno task repro:energy-benchmarks --sets " +
      "rectangles,convex,mnist-small,mnist-rot --tables 1,3,5 --epochs 40 --pretrain-epochs " +
      "100 --out results/energy/benchmarks-pre100`; the factored models' pretraining stays at " +
      "10 epochs).",
    tables: ["table1", "table3", "table5"],
  },
  {
    heading: "Table 4 with 100 pretraining epochs, 40 fine-tuning epochs",
    dir: "benchmarks-t4-pre100",
    intro: "Table 4's variants on mnist-small, mnist-rot and convex with each class's " +
      "autoencoder pretrained 100 epochs instead of 10 (`deno task repro:energy-benchmarks " +
      "--sets mnist-small,mnist-rot,convex --tables 4 --epochs 40 --pretrain-epochs 100 --out " +
      "results/energy/benchmarks-t4-pre100`). Pretraining includes the validation rows, as " +
      "Sec. 4.3 did, so the validation column is optimistic for the pretrained variants.",
    tables: ["table4"],
  },
  {
    heading: "Table 4 fine-tuned 100 epochs, the rate without pretraining validated",
    dir: "benchmarks-t4-e100",
    intro: "Table 4's variants on mnist-small, mnist-rot and convex fine-tuned for the " +
      "paper's 100 epochs (Sec. 4.4), the model without pretraining choosing its rate on " +
      "validation from 0.01, 0.03 and 0.1, the pretrained variants at 0.01 as before, the " +
      "energies classifier on standardised energies (`deno task repro:energy-benchmarks " +
      "--sets mnist-small,mnist-rot,convex --tables 4 --epochs 100 --lr 0.01,0.03,0.1 --out " +
      "results/energy/benchmarks-t4-e100`; mnist-small and mnist-rot resumed from the " +
      "checkpoints of the same command without convex, made before the energies were " +
      "standardised, all but their energies rows).",
    tables: ["table4"],
  },
  {
    heading: "Table 5 with the filters at constant norm during fine-tuning",
    dir: "benchmarks-t5-constnorm",
    intro: "Table 5 on rectangles and mnist-rot with each plain CSAE filter kept at its " +
      "class's starting mean norm after every fine-tuning step, the other reading of Sec. " +
      '4.8\'s "normalized filters to have constant norm during the optimization" (`deno task ' +
      "repro:energy-benchmarks --sets rectangles,mnist-rot --tables 5 --epochs 40 " +
      "--constant-norm --out results/energy/benchmarks-t5-constnorm`).",
    tables: ["table5"],
  },
  {
    heading: "Rectangles with the paper's grids, fine-tuned 40 epochs",
    dir: "benchmarks-rectangles-grid-e40",
    intro: 'Tables 3 and 5 on rectangles with the grids of the section "Rectangles with the ' +
      "paper's grid of regularisers\" (contraction, corruption, 100 and 300 units, weight " +
      "decay 0 and 1e-3 validated) and 40 fine-tuning epochs, 120 for rectangles' 1,000 " +
      "images (`deno task repro:energy-benchmarks --sets rectangles --tables 3,5 --epochs 40 " +
      "--hidden 100,300 --contraction 0.2,0.5,1.0 --corruption 0.2,0.5 --l2 0,0.001 --out " +
      "results/energy/benchmarks-rectangles-grid-e40`). Run again with the same command once " +
      "the classification RBM kept its own 100 epochs (it had trained 30): the CSAE " +
      "candidates resumed from their checkpoints, so only the RBM column changed.",
    tables: ["table3", "table5"],
  },
  {
    heading: "Rectangles with the paper's grids, fine-tuned 40 epochs, seed 2",
    dir: "benchmarks-rectangles-grid-e40-seed2",
    intro: 'The section "Rectangles with the paper\'s grids, fine-tuned 40 epochs" again ' +
      "with model seed 2 (the same images; `--seed 2 --out " +
      "results/energy/benchmarks-rectangles-grid-e40-seed2`, the flags otherwise the same).",
    tables: ["table3", "table5"],
  },
  {
    heading: "mnist-rot's Table 5 with 300 hidden units validated",
    dir: "benchmarks-rot-t5-h300",
    intro: "Table 5 on mnist-rot with 100 pretraining epochs, 40 fine-tuning epochs and " +
      "100 or 300 hidden units (and factors) validated (`deno task repro:energy-benchmarks " +
      "--sets mnist-rot --tables 5 --pretrain-epochs 100 --epochs 40 --hidden 100,300 --out " +
      "results/energy/benchmarks-rot-t5-h300`); the 100-unit models resumed from the " +
      'section "Tables 1, 3 and 5 with 100 pretraining epochs, 40 fine-tuning epochs".',
    tables: ["table5"],
  },
  {
    heading: "mnist-rot's Table 5 with weight decay validated",
    dir: "benchmarks-rot-t5-l2",
    intro: "The same with 100 hidden units and weight decay 0 or 1e-4 validated (`deno task " +
      "repro:energy-benchmarks --sets mnist-rot --tables 5 --pretrain-epochs 100 --epochs 40 " +
      "--l2 0,0.0001 --out results/energy/benchmarks-rot-t5-l2`).",
    tables: ["table5"],
  },
  ...[2, 3, 4, 5].map((seed) => ({
    heading: `mnist-rot's Tables 3 and 5 with 100 pretraining epochs, seed ${seed}`,
    dir: `benchmarks-rot-seed${seed}`,
    intro: "mnist-rot's Tables 3 and 5 with the settings of the section \"Tables 1, 3 and 5 " +
      `with 100 pretraining epochs, 40 fine-tuning epochs" and model seed ${seed}, the set ` +
      "the same; the SVM baseline left out (`deno task repro:energy-benchmarks --sets " +
      "mnist-rot --tables 3,5 --pretrain-epochs 100 --epochs 40 --skip-svm --seed " +
      `${seed} --out results/energy/benchmarks-rot-seed${seed}\`).`,
    tables: ["table3", "table5"],
  })),
  {
    heading: "mnist-rot-back-image's Table 1 with filters normalised in pretraining",
    dir: "benchmarks-rbi-norm",
    intro: "Table 1 on mnist-rot-back-image with each filter rescaled to the filters' mean " +
      "norm after every pretraining step, the stabiliser Sec. 4.3 names (`deno task " +
      "repro:energy-benchmarks --sets mnist-rot-back-image --tables 1 --normalize-filters " +
      "--recipe 1 --out results/energy/benchmarks-rbi-norm`; recipe 1, the patches as " +
      "cut), the quick preset otherwise.",
    tables: ["table1"],
  },
  {
    heading: "convex with half-planes that hold the centre: the baselines",
    dir: "benchmarks-convex-r2-baselines",
    intro: "convex generated by recipe 2 of commit 0c5a43b, since reverted: each half-plane's " +
      "boundary at a distance uniform in [0, 14 sqrt 2) from the image centre, the side " +
      "holding the centre kept, the non-convex tilt 0.0006 (`deno task " +
      "repro:energy-benchmarks --preset quick --baselines-only --sets convex --out " +
      "results/energy/benchmarks-convex-r2-baselines`; run on that code before it was " +
      "committed, hence 754a4b2-dirty in the metadata).",
    tables: ["baselines"],
  },
  {
    heading: "convex with half-planes that hold the centre: Tables 3-5",
    dir: "benchmarks-convex-r2-e40",
    intro: "Tables 3-5 on the same recipe-2 convex set, with the settings of the section " +
      '"convex\'s Tables 3, 4 and 5 fine-tuned 40 epochs, two rates" (`deno task ' +
      "repro:energy-benchmarks --sets convex --tables 3,4,5 --epochs 40 --lr 0.01,0.003 " +
      "--out results/energy/benchmarks-convex-r2-e40` at commit 0c5a43b).",
    tables: ["table3", "table4", "table5"],
  },
  {
    heading: "mnist-rot's Tables 3 and 5 with the fine-tuning rates validated",
    dir: "benchmarks-rot-lr",
    intro: "mnist-rot's Tables 3 and 5 with the settings of the section \"Tables 1, 3 and 5 " +
      'with 100 pretraining epochs, 40 fine-tuning epochs" and three fine-tuning rates ' +
      "validated per model, as Sec. 4.4 does (`deno task repro:energy-benchmarks --sets " +
      "mnist-rot --tables 3,5 --pretrain-epochs 100 --epochs 40 --lr 0.003,0.01,0.03 " +
      "--lr-factored 0.02,0.05,0.1 --skip-svm --out results/energy/benchmarks-rot-lr`).",
    tables: ["table3", "table5"],
  },
  {
    heading: "mnist-rot's Table 5 with contraction 0.5 or 1.0 and 100 or 300 units validated",
    dir: "benchmarks-rot-t5-c1",
    intro: "Table 5 on mnist-rot with Sec. 4.3's contraction 1.0 beside 0.5 and 100 or 300 " +
      "hidden units validated, 100 pretraining and 40 fine-tuning epochs (`deno task " +
      "repro:energy-benchmarks --sets mnist-rot --tables 5 --pretrain-epochs 100 --epochs 40 " +
      "--hidden 100,300 --contraction 0.5,1.0 --skip-svm --out " +
      "results/energy/benchmarks-rot-t5-c1`).",
    tables: ["table5"],
  },
  {
    heading: "mnist-rot's energies and learn-normalization rows with the pretraining grid",
    dir: "benchmarks-rot-t4-grid",
    intro: "Table 4's two rows that keep the class autoencoders fixed, on mnist-rot, each " +
      "choosing its hidden units (100, 300) and contraction (0.2, 0.5, 1.0) on validation " +
      "digits the autoencoders were not pretrained on (`deno task repro:energy-benchmarks " +
      "--sets mnist-rot --tables 4 --variants energies,learn-normalization --hidden 100,300 " +
      "--contraction 0.2,0.5,1.0 --pretrain-train-only --pretrain-epochs 100 --epochs 100 " +
      "--skip-svm --out results/energy/benchmarks-rot-t4-grid`).",
    tables: ["table4"],
  },
  {
    heading: "mnist-rot's energies and learn-normalization rows with the pretraining grid, seed 2",
    dir: "benchmarks-rot-t4-grid-seed2",
    intro: "The section above again with model seed 2 (`--seed 2 --out " +
      "results/energy/benchmarks-rot-t4-grid-seed2`, the flags otherwise the same).",
    tables: ["table4"],
  },
  {
    heading: "mnist-small's and convex's energies and learn-normalization rows with the grid",
    dir: "benchmarks-t4-grid",
    intro: "The same two rows and grid on mnist-small and convex, pretrained on the training " +
      "images alone (`deno task repro:energy-benchmarks --sets mnist-small,convex --tables 4 " +
      "--variants energies,learn-normalization --hidden 100,300 --contraction 0.2,0.5,1.0 " +
      "--pretrain-train-only --pretrain-epochs 100 --epochs 100 --skip-svm --out " +
      "results/energy/benchmarks-t4-grid`).",
    tables: ["table4"],
  },
  ...[["mnist-rot", "benchmarks-rot-t4-grid-sec43"], [
    "mnist-small and convex",
    "benchmarks-t4-grid-sec43",
  ]].map(([sets, dir]) => ({
    heading: `The same grid on ${sets}, pretrained on train + validation (Sec. 4.3)`,
    dir,
    intro: `The energies and learn-normalization rows on ${sets} with the grid above and ` +
      "the class autoencoders pretrained on train + validation, as Sec. 4.3 says, so the " +
      "validation digits choosing the setting were seen in pretraining (the flags of the " +
      `sections above without \`--pretrain-train-only\`; \`--out results/energy/${dir}\`).`,
    tables: ["table4"],
  })),
  {
    heading: "mnist-rot's Table 5 with the contraction grid, pretrained on the training digits",
    dir: "benchmarks-rot-t5-c1-trainonly",
    intro: "The section \"mnist-rot's Table 5 with contraction 0.5 or 1.0 and 100 or 300 units " +
      'validated" with every autoencoder pretrained on the training digits alone, so that ' +
      "the validation digits are unseen when they choose the model (`--pretrain-train-only " +
      "--out results/energy/benchmarks-rot-t5-c1-trainonly`, the flags otherwise the same).",
    tables: ["table5"],
  },
  ...[2, 3, 4, 5].map((seed) => ({
    heading: `mnist-rot's Table 5 with the contraction grid, training digits only, seed ${seed}`,
    dir: `benchmarks-rot-t5-c1-trainonly-seed${seed}`,
    intro: "The section \"mnist-rot's Table 5 with the contraction grid, pretrained on the " +
      `training digits" with model seed ${seed} (\`--seed ${seed} --out ` +
      `results/energy/benchmarks-rot-t5-c1-trainonly-seed${seed}\`, the flags otherwise the ` +
      "same).",
    tables: ["table5"],
  })),
  {
    heading: "Rectangles with the paper's grids and the factored model's rate validated",
    dir: "benchmarks-rectangles-grid-e40-lrf",
    intro: 'The section "Rectangles with the paper\'s grids, fine-tuned 40 epochs" with the ' +
      "factored model's fine-tuning rate validated too (`--lr-factored 0.02,0.05,0.1 " +
      "--skip-svm --out results/energy/benchmarks-rectangles-grid-e40-lrf`, the flags " +
      "otherwise the same).",
    tables: ["table3", "table5"],
  },
  {
    heading: "Rectangles with the paper's grids and the paper's 100 epochs",
    dir: "benchmarks-rectangles-grid-e100",
    intro: 'Tables 3 and 5 on rectangles with the grids of the section "Rectangles with the ' +
      "paper's grid of regularisers\", 100 pretraining epochs (the factored model's too) and " +
      "100 fine-tuning epochs (`deno task repro:energy-benchmarks --sets rectangles --tables " +
      "3,5 --pretrain-epochs 100 --factored-pretrain-epochs 100 --epochs 100 --hidden 100,300 " +
      "--contraction 0.2,0.5,1.0 --corruption 0.2,0.5 --l2 0,0.001 --skip-svm --out " +
      "results/energy/benchmarks-rectangles-grid-e100`). On rectangles' 1,000 images the " +
      "quick preset's 10 epochs already become 100 (`minUpdates`), so Table 3 is that of the " +
      "grid section, model for model.",
    tables: ["table3", "table5"],
  },
  seed2(
    "Rectangles with the paper's grids and the paper's 100 epochs, seed 2",
    "benchmarks-rectangles-grid-e100-seed2",
    ["table3", "table5"],
  ),
  {
    heading: "Tables 3 and 5 on mnist-small, mnist-rot and convex with the paper's 100 epochs",
    dir: "benchmarks-t35-e100",
    intro: "Tables 3 and 5 on mnist-small, mnist-rot and convex with 100 pretraining epochs (the " +
      "factored models' too) and 100 fine-tuning epochs, one setting per model as in the quick " +
      "preset (`deno task repro:energy-benchmarks --sets mnist-small,mnist-rot,convex --tables " +
      "3,5 --pretrain-epochs 100 --factored-pretrain-epochs 100 --epochs 100 --skip-svm --out " +
      "results/energy/benchmarks-t35-e100`).",
    tables: ["table3", "table5"],
  },
  seed2(
    "Tables 3 and 5 on mnist-small, mnist-rot and convex with 100 epochs, seed 2",
    "benchmarks-t35-e100-seed2",
    ["table3", "table5"],
  ),
  ...[["", "benchmarks-rot-t35-e100-lrf"], [", seed 2", "benchmarks-rot-t35-e100-lrf-seed2"]]
    .map(([seed, dir]) => ({
      heading: `mnist-rot's Tables 3 and 5 with 100 epochs and the factored rate validated${seed}`,
      dir,
      intro: "mnist-rot's part of the section \"Tables 3 and 5 on mnist-small, mnist-rot and " +
        "convex with the paper's 100 epochs\" with the factored model's fine-tuning rate " +
        "validated among 0.02, 0.05 and 0.1 (`deno task repro:energy-benchmarks --sets " +
        "mnist-rot --tables 3,5 --pretrain-epochs 100 --factored-pretrain-epochs 100 --epochs " +
        `100 --lr-factored 0.02,0.05,0.1 --skip-svm${seed ? " --seed 2" : ""} --out ` +
        `results/energy/${dir}\`; the other models resumed from that section's checkpoints).`,
      tables: ["table3", "table5"],
    })),
  {
    heading: "mnist-rot's other Table 4 rows with the pretraining grid",
    dir: "benchmarks-rot-t4-grid-rest",
    intro: "Table 4's CSAE, hinge and no-pretraining rows on mnist-rot with the grid and flags " +
      "of the section \"mnist-rot's energies and learn-normalization rows with the pretraining " +
      'grid" (`deno task repro:energy-benchmarks --sets mnist-rot --tables 4 --variants ' +
      "CSAE,hinge,no-pretraining --hidden 100,300 --contraction 0.2,0.5,1.0 " +
      "--pretrain-train-only --pretrain-epochs 100 --epochs 100 --skip-svm --out " +
      "results/energy/benchmarks-rot-t4-grid-rest`).",
    tables: ["table4"],
  },
  ...[["convex", "benchmarks-convex-t4-grid-rest"], [
    "mnist-small",
    "benchmarks-small-t4-grid-rest",
  ]].map(([set, dir]) => ({
    heading: `${set}'s other Table 4 rows with the pretraining grid`,
    dir,
    intro: `The section above on ${set} (\`--sets ${set} --out results/energy/${dir}\`, ` +
      "the flags otherwise the same).",
    tables: ["table4"],
  })),
  {
    heading: "The baselines with the image backgrounds stretched (recipe 2)",
    dir: "benchmarks-r2-baselines",
    intro: "The baselines of mnist-back-image and mnist-rot-back-image at recipe 2, now their " +
      "default: each photograph patch stretched to the full grey range before the digit is " +
      "put on it (`deno task repro:energy-benchmarks --recipe 2 --sets " +
      "mnist-back-image,mnist-rot-back-image --baselines-only --out " +
      "results/energy/benchmarks-r2-baselines`). The other six sets' baselines are in the " +
      "section with our SVM-RBF; the ranks here are over these two sets only.",
    tables: ["baselines"],
    figures: ["figure9-mnist-rot-back-image-examples.png"],
  },
  {
    heading: "The image-background sets at recipe 2: Tables 1, 3 and 5",
    dir: "benchmarks-r2",
    intro: "Tables 1, 3 and 5 on mnist-back-image and mnist-rot-back-image at recipe 2, the " +
      "quick preset (`deno task repro:energy-benchmarks --sets " +
      "mnist-back-image,mnist-rot-back-image --tables 1,3,5 --skip-svm --out " +
      "results/energy/benchmarks-r2`).",
    tables: ["table1", "table3", "table5"],
  },
  {
    heading: "The image-background sets at recipe 2: Tables 3 and 5 with 100 epochs",
    dir: "benchmarks-r2-e100",
    intro: "Tables 3 and 5 on mnist-back-image and mnist-rot-back-image at recipe 2 with 100 " +
      "pretraining and 100 fine-tuning epochs, the quick preset otherwise (`deno task " +
      "repro:energy-benchmarks --sets mnist-back-image,mnist-rot-back-image --tables 3,5 " +
      "--skip-svm --pretrain-epochs 100 --epochs 100 --out results/energy/benchmarks-r2-e100`; " +
      "the factored models pretrain 10 epochs, the preset's, and the RBM trains its own 10).",
    tables: ["table3", "table5"],
  },
  {
    heading: "Table 1 with the paper's 100 pretraining and 100 fine-tuning epochs",
    dir: "benchmarks-t1-e100",
    intro: "Table 1 on its six sets with 100 pretraining and 100 fine-tuning epochs, the image " +
      "backgrounds at recipe 2 (`deno task repro:energy-benchmarks --recipe 2 --sets " +
      "rectangles,mnist-small,mnist-rot,mnist-back-image,mnist-back-rand," +
      "mnist-rot-back-image --tables 1 --skip-svm --pretrain-epochs 100 --epochs 100 --out " +
      "results/energy/benchmarks-t1-e100`; `--recipe 2` is the default now).",
    tables: ["table1"],
  },
  seed2(
    "Table 1 with the paper's 100 pretraining and 100 fine-tuning epochs, seed 2",
    "benchmarks-t1-e100-seed2",
    ["table1"],
    "; run without `--recipe 2`, by then the default",
  ),
  {
    heading: "mnist-rot-back-image's Table 1 with 100 epochs at recipe 1",
    dir: "benchmarks-rbi-e100",
    intro: "mnist-rot-back-image's row of the section above with the patches as cut " +
      "(`deno task repro:energy-benchmarks --recipe 1 --sets mnist-rot-back-image --tables 1 " +
      "--skip-svm --pretrain-epochs 100 --epochs 100 --out " +
      "results/energy/benchmarks-rbi-e100`; run when recipe 1 was the default, without " +
      "`--recipe`).",
    tables: ["table1"],
  },
  {
    heading: "Table 5 on mnist-rot with 100 epochs and the filters normalised in pretraining",
    dir: "benchmarks-rot-t5-norm-e100",
    intro: "Table 5's mnist-rot row with 100 pretraining and 100 fine-tuning epochs, each " +
      "filter rescaled to the filters' mean norm after every pretraining step, one reading of " +
      "Sec. 4.8 (`deno task repro:energy-benchmarks --sets mnist-rot --tables 5 " +
      "--pretrain-epochs 100 --epochs 100 --normalize-filters --skip-svm --out " +
      "results/energy/benchmarks-rot-t5-norm-e100`).",
    tables: ["table5"],
  },
  {
    heading: "Table 5 on mnist-rot with 100 epochs and the filters at constant norm in " +
      "fine-tuning",
    dir: "benchmarks-rot-t5-constnorm-e100",
    intro: "The same with the other reading: each plain CSAE filter kept at its class's " +
      "starting mean norm after every fine-tuning step (`--constant-norm` instead of " +
      "`--normalize-filters`, `--out results/energy/benchmarks-rot-t5-constnorm-e100`).",
    tables: ["table5"],
  },
  ...ENERGY_DBN1_SECTIONS,
];

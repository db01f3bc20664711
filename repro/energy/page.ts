/**
 * What `results/energy/README.md` shows: the MNIST run of Table 2 (with Figure 8's comparison
 * and Figure 5's value ranges) and its figures, the sigmoid row with all 50,000 training
 * digits, then Figures 1-3.
 *
 * @module
 */
import type { ResultsPageSpec } from "../results_page.ts";

/** Figure files of a Table 2 run, in the order the page embeds them. */
export const ENERGY_FIGURES: readonly string[] = [
  "figure5-pretrained.png",
  "figure5-finetuned.png",
  "figure7-csae-linear.png",
  "figure7-factored-square.png",
  "figure7-factored-modulus.png",
  "figure7-factored-relu.png",
  "figure7-csae-modulus.png",
  "figure7-factored-tanh.png",
  "figure7-csae-sigmoid.png",
  "figure8.svg",
  "validation-curves.svg",
];

/** Figures 1-3 (`figures_energy.ts`), in the order the page embeds them. */
export const ENERGY_FIGURES_1_3: readonly string[] = [
  "figure1.svg",
  "figure2.svg",
  "figure2-profile.svg",
  "figure3.svg",
  ...["sigmoid", "tanh", "linear", "modulus", "relu", "square"].map((a) => `figure3-${a}.svg`),
];

/** Seeds of the committed runs retrained on all 60,000 digits (`mnist-val10k-seed<N>`). */
const VAL10K_SEEDS = [1, 2, 3, 4, 5];
/** Seeds of the centred, width-validated sigmoid and modulus rows. */
const CENTRED_SIGMOID_SEEDS = [1, 2, 3, 4, 5];
const CENTRED_MODULUS_SEEDS = [1, 2, 3, 4, 5];

/**
 * The energy results page.
 *
 * @example
 * ```ts
 * import { ENERGY_PAGE } from "./page.ts";
 * console.log(ENERGY_PAGE.sections.map((s) => s.dir));
 * // [ "mnist", "mnist-train50k", "mnist-train50k-factored", "mnist-train50k-more", "mnist-sigmoid-e40", "mnist-drbm-lr0.5", "mnist-sigmoid-pretrain100", "mnist-sigmoid-pretrain500", "mnist-sigmoid-c0.005", "mnist-sigmoid-l2", "mnist-sigmoid-c1", "mnist-sigmoid-normalized", "mnist-train50k-seed2", "mnist-train50k-seed3", "mnist-train50k-seed4", "mnist-train50k-seed5", "mnist-val10k-seed1", "mnist-val10k-seed2", "mnist-val10k-seed3", "mnist-val10k-seed4", "mnist-val10k-seed5", "mnist-sigmoid-xent", "mnist-hdrbm-e30", "mnist-drbm-seed2", "mnist-rbm-cd10", "mnist-rbm-cd10-seed2", "mnist-sigmoid-decay-seed1", "mnist-sigmoid-decay-seed2", "mnist-sigmoid-h500-centred", "mnist-sigmoid-h500-centred-lr0.002", "mnist-sigmoid-centred", "mnist-sigmoid-h200", "mnist-sigmoid-h200-centred", "mnist-sigmoid-h200-centred-seed2", "mnist-sigmoid-h200-centred-seed3", "mnist-centred-sigmoid-seed1", "mnist-centred-sigmoid-seed2", "mnist-centred-sigmoid-seed3", "mnist-centred-sigmoid-seed4", "mnist-centred-sigmoid-seed5", "mnist-centred-modulus-seed1", "mnist-centred-modulus-seed2", "mnist-centred-modulus-seed3", "mnist-centred-modulus-seed4", "mnist-centred-modulus-seed5", "mnist-variants", "fashion-mnist", "fashion-mnist-all", "benchmarks", "benchmarks-baselines", "benchmarks-max", "benchmarks-rectangles-grid", "benchmarks-rbi-e30", "benchmarks-mnist-rot-e40", "benchmarks-mnist-rot-e40-t4", "benchmarks-mnist-small-e40", "benchmarks-mnist-small-e40-t35", "benchmarks-convex-e40", "benchmarks-rectangles-e40", "benchmarks-t1-e40", "benchmarks-t5-norm", "benchmarks-t5-norm-rot", "benchmarks-pre100", "benchmarks-t4-pre100", "benchmarks-t4-e100", "benchmarks-t5-constnorm", "benchmarks-rectangles-grid-e40", "benchmarks-rectangles-grid-e40-seed2", "benchmarks-rot-t5-h300", "benchmarks-rot-t5-l2", "benchmarks-rot-seed2", "benchmarks-rot-seed3", "benchmarks-rot-seed4", "benchmarks-rot-seed5", "benchmarks-rbi-norm", "benchmarks-convex-r2-baselines", "benchmarks-convex-r2-e40", "figures" ]
 * ```
 */
export const ENERGY_PAGE: ResultsPageSpec = {
  title: "The potential energy of an autoencoder (Kamyshanska & Memisevic, 2015)",
  citation: "H. Kamyshanska and R. Memisevic, *The Potential Energy of an Autoencoder*, IEEE " +
    "TPAMI 37(6), 2015; Table 2 (MNIST), Figures 5, 7 and 8, the settings of Sec. 4.2-4.4.",
  regenerate: "rerun with `deno task repro:energy --preset quick` (add `--rows` to run some " +
    "rows, `--dataset fashion-mnist` for Fashion-MNIST).",
  sections: [
    {
      heading: "MNIST: Table 2",
      dir: "mnist",
      intro: "Class-specific autoencoders pretrained per class and fine-tuned on Eq. 45, and the " +
        "classification RBMs of the comparison rows. Figure captions with the filters' value " +
        "ranges are in `mnist/captions.md`.",
      tables: ["table2", "factored"],
      figures: ENERGY_FIGURES,
    },
    {
      heading: "MNIST: the plain CSAE rows and the DRBM with all 50,000 training digits",
      dir: "mnist-train50k",
      intro: "Three CSAE rows of the quick preset run again with the whole training split, " +
        "and the DRBM with the paper's 500 hidden units (`--rows csae-linear,csae-modulus," +
        "csae-sigmoid,drbm --train 50000 --rbm-hidden 500 --rbm-lr 0.1`; the CSAE rows " +
        "resumed from their checkpoints): how much of the gap to the paper is data.",
      tables: ["table2"],
      figures: [
        "figure5-pretrained.png",
        "figure5-finetuned.png",
        "figure7-csae-modulus.png",
        "validation-curves.svg",
      ],
    },
    {
      heading: "MNIST: the factored rows with all 50,000 training digits",
      dir: "mnist-train50k-factored",
      intro: "The modulus and tanh factored CSAE rows of the quick preset run again with the " +
        "whole training split (`--train 50000 --rows factored-modulus,factored-tanh --out " +
        "results/energy/mnist-train50k-factored`).",
      tables: ["table2"],
    },
    {
      heading: "MNIST: the other factored rows and the RBMs with all 50,000 training digits",
      dir: "mnist-train50k-more",
      intro: "The ReLU and squared factored CSAE rows and the generative and hybrid " +
        "classification RBMs (500 hidden units, rate 0.1, as the DRBM row above) with the whole " +
        "training split (`--train 50000 --rows factored-relu,factored-square,hdrbm,rbm " +
        "--rbm-hidden 500 --rbm-lr 0.1 --out results/energy/mnist-train50k-more`).",
      tables: ["table2"],
    },
    {
      heading: "MNIST: the sigmoid row fine-tuned for 40 epochs",
      dir: "mnist-sigmoid-e40",
      intro: "The sigmoid row on all 50,000 training digits again, fine-tuned for up to 40 " +
        "epochs instead of 15 at the rate the 15-epoch run chose (`--rows csae-sigmoid " +
        "--train 50000 --lr 0.01 --epochs 40`): how much of the gap is run length.",
      tables: ["table2"],
      figures: ["figure5-pretrained.png", "figure5-finetuned.png", "validation-curves.svg"],
    },
    {
      heading: "MNIST: the discriminative and hybrid RBMs at a higher rate",
      dir: "mnist-drbm-lr0.5",
      intro: "The DRBM and HDRBM rows of the quick preset (10,000 digits, 100 hidden units, 15 " +
        "epochs) at SGD rate 0.5 instead of 0.1 (`--rows drbm,hdrbm --rbm-lr 0.5`). Larochelle " +
        "& Bengio's per-example rate 0.05 is a minibatch-mean rate of 5 at batch 100, or 0.5 " +
        "with momentum 0.9; at 0.1 the DRBM stopped at 2.75% training error. At 0.5 it fits " +
        "the training digits (0.00%) and its test error falls from 5.46% to 3.54%; the hybrid " +
        "stays at 4.25% (4.23% at 0.1). The quick preset now trains the DRBM at 0.5; at 500 " +
        "hidden units the rate 0.5 does not learn (the 50,000-digit section above), so the " +
        "paper preset keeps 0.1.",
      tables: ["table2"],
      figures: [],
    },
    {
      heading: "MNIST: the sigmoid row with weaker contraction and longer pretraining",
      dir: "mnist-sigmoid-pretrain100",
      intro: "The sigmoid row on 50,000 digits with contraction 0.2 (the paper's grid's " +
        "smallest) and 100 pretraining epochs instead of 0.5 and 20 (`--rows csae-sigmoid " +
        "--train 50000 --lr 0.01 --contraction 0.2 --pretrain-epochs 100`): whether larger " +
        "pretrained filters, nearer the paper's, classify better.",
      tables: ["table2"],
      figures: ["figure5-pretrained.png", "figure5-finetuned.png"],
    },
    {
      heading: "MNIST: the sigmoid row pretrained 500 epochs",
      dir: "mnist-sigmoid-pretrain500",
      intro: "The sigmoid row on 50,000 digits with 500 per-class pretraining epochs instead " +
        "of 20, the quick preset otherwise (`deno task repro:energy --rows csae-sigmoid --train " +
        "50000 --pretrain-epochs 500 --out results/energy/mnist-sigmoid-pretrain500`): whether " +
        "the filters keep growing towards the paper's scale, and whether that classifies better.",
      tables: ["table2"],
      figures: ["figure5-pretrained.png", "figure5-finetuned.png"],
    },
    {
      heading: "MNIST: the sigmoid row with the contraction penalty averaged over units",
      dir: "mnist-sigmoid-c0.005",
      intro: "The sigmoid row on 50,000 digits with contraction 0.005: the preset's 0.5 if the " +
        "penalty were averaged over the 100 hidden units instead of summed (`deno task " +
        "repro:energy --rows csae-sigmoid --train 50000 --contraction 0.005 --out " +
        "results/energy/mnist-sigmoid-c0.005`).",
      tables: ["table2"],
      figures: ["figure5-pretrained.png", "figure5-finetuned.png"],
    },
    {
      heading: "MNIST: the sigmoid row with weight decay",
      dir: "mnist-sigmoid-l2",
      intro: "The sigmoid row on 50,000 digits with L2 weight decay 1e-4 and 1e-3 validated " +
        "(Sec. 4.4 validates weight decay; `--rows csae-sigmoid --train 50000 --lr 0.01 --l2 " +
        "0.0001,0.001`).",
      tables: ["table2"],
    },
    {
      heading: "MNIST: the sigmoid row with contraction 1.0",
      dir: "mnist-sigmoid-c1",
      intro: "The sigmoid row on 50,000 digits pretrained with the largest contraction of the " +
        "paper's grid, 1.0 instead of 0.5 (`--rows csae-sigmoid --train 50000 --lr 0.01 " +
        "--contraction 1.0`).",
      tables: ["table2"],
      figures: ["figure5-pretrained.png", "figure5-finetuned.png"],
    },
    {
      heading: "MNIST: the sigmoid row with filters normalised in pretraining",
      dir: "mnist-sigmoid-normalized",
      intro: "The sigmoid row on 50,000 digits with each pretrained filter rescaled to the " +
        "filters' mean norm after every pretraining step, which Sec. 4.3 says \"can help " +
        'stabilize the learning" (`--rows csae-sigmoid --train 50000 --lr 0.01 ' +
        "--normalize-filters`).",
      tables: ["table2"],
      figures: ["figure5-pretrained.png", "figure5-finetuned.png"],
    },
    ...[2, 3, 4, 5].map((seed) => ({
      heading: `MNIST: the modulus and sigmoid rows on 50,000 digits, seed ${seed}`,
      dir: `mnist-train50k-seed${seed}`,
      intro: "The plain modulus and sigmoid rows of the 50,000-digit section above run again " +
        "with another seed for the initial weights and the shuffling, settings otherwise the " +
        `same (\`--rows csae-modulus,csae-sigmoid --train 50000 --seed ${seed}\`).`,
      tables: ["table2"],
    })),
    ...VAL10K_SEEDS.map((seed) => ({
      heading: `MNIST: the modulus and sigmoid rows retrained on all 60,000 digits, seed ${seed}`,
      dir: `mnist-val10k-seed${seed}`,
      intro: "The plain modulus and sigmoid rows with the whole 10,000-digit validation split, " +
        "so that the chosen setting is retrained on all 60,000 training digits as Sec. 4.4 " +
        'does ("the complete training set"), instead of 55,000; settings otherwise as the ' +
        `50,000-digit seeds above (\`--rows csae-modulus,csae-sigmoid --train 50000 ` +
        `--validation 10000 --seed ${seed}\`).`,
      tables: ["table2"],
    })),
    {
      heading: "MNIST: the sigmoid row pretrained with sigmoid outputs",
      dir: "mnist-sigmoid-xent",
      intro: "The sigmoid row on 50,000 digits with autoencoders that have sigmoid outputs and " +
        "train on the cross-entropy (Eq. 4; energy Eq. 28, the binary case of Sec. 2.5) " +
        "instead of linear outputs and the squared error (`--rows csae-sigmoid --train 50000 " +
        "--lr 0.01 --pretrain-output sigmoid`).",
      tables: ["table2"],
      figures: ["figure5-pretrained.png", "figure5-finetuned.png"],
    },
    {
      heading: "MNIST: the hybrid classification RBM trained 30 epochs",
      dir: "mnist-hdrbm-e30",
      intro: "The HDRBM row on 50,000 digits with 500 hidden units at rate 0.1, as the " +
        "50,000-digit section above, trained 30 epochs instead of 15 (`--rows hdrbm --train " +
        "50000 --rbm-hidden 500 --rbm-lr 0.1 --rbm-epochs 30`).",
      tables: ["table2"],
    },
    {
      heading: "MNIST: the discriminative RBM with all 50,000 training digits, seed 2",
      dir: "mnist-drbm-seed2",
      intro: "The DRBM row of the first 50,000-digit section (500 hidden units, rate 0.1, 15 " +
        "epochs) with model seed 2 (`deno task repro:energy --rows drbm --train 50000 " +
        "--rbm-hidden 500 --rbm-lr 0.1 --seed 2 --out results/energy/mnist-drbm-seed2`).",
      tables: ["table2"],
    },
    {
      heading: "MNIST: the generative classification RBM with CD-10 and a decaying rate",
      dir: "mnist-rbm-cd10",
      intro: "The RBM row on 50,000 digits with 500 hidden units, its negative phase ten Gibbs " +
        "steps from the data (CD-10) instead of one, and the rate 0.1 divided by (1 + 0.5 " +
        "epoch), 15 epochs (`deno task repro:energy --rows rbm --train 50000 --rbm-hidden 500 " +
        "--rbm-lr 0.1 --rbm-lr-decay 0.5 --rbm-cd-steps 10 --rbm-epochs 15 --out " +
        "results/energy/mnist-rbm-cd10`).",
      tables: ["table2"],
    },
    {
      heading: "MNIST: the same RBM row, seed 2",
      dir: "mnist-rbm-cd10-seed2",
      intro: "The section above with model seed 2 (`... --seed 2 --out " +
        "results/energy/mnist-rbm-cd10-seed2`).",
      tables: ["table2"],
    },
    ...[1, 2].map((seed) => ({
      heading: `MNIST: the sigmoid row with a decaying fine-tuning rate, seed ${seed}`,
      dir: `mnist-sigmoid-decay-seed${seed}`,
      intro: "The sigmoid row on 50,000 digits with each fine-tuning rate divided by (1 + 0.5 " +
        "epoch), the quick preset's three rates validated as before (`deno task repro:energy " +
        `--rows csae-sigmoid --train 50000 --lr-decay 0.5 --seed ${seed} --out ` +
        `results/energy/mnist-sigmoid-decay-seed${seed}\`).`,
      tables: ["table2"],
    })),
    {
      heading: "MNIST: the sigmoid row with 500 hidden units, constants centred",
      dir: "mnist-sigmoid-h500-centred",
      intro: "The sigmoid row on 50,000 digits with 500 hidden units pretrained at 0.002 " +
        "(at the preset's 0.01 some classes' autoencoders saturate every unit), the constants " +
        "C started at minus each class's mean energy, fine-tuned up to 40 epochs at 0.01 " +
        "(`deno task repro:energy --rows csae-sigmoid --train 50000 --hidden 500 --lr 0.01 " +
        "--epochs 40 --centre-constants --pretrain-lr-sigmoid 0.002 --out " +
        "results/energy/mnist-sigmoid-h500-centred`).",
      tables: ["table2"],
    },
    {
      heading: "MNIST: the same at fine-tuning rate 0.002",
      dir: "mnist-sigmoid-h500-centred-lr0.002",
      intro: "The section above fine-tuned at 0.002, a fifth of the rate, as the width is five " +
        "times the preset's (`--lr 0.002 --out results/energy/mnist-sigmoid-h500-centred-lr0.002`; " +
        "the pretrained autoencoders resumed from the section above).",
      tables: ["table2"],
    },
    ...([
      ["mnist-sigmoid-centred", "100 hidden units, constants centred", "--centre-constants"],
      ["mnist-sigmoid-h200", "200 hidden units", "--hidden 200"],
      [
        "mnist-sigmoid-h200-centred",
        "200 hidden units, constants centred",
        "--hidden 200 --centre-constants",
      ],
      [
        "mnist-sigmoid-h200-centred-seed2",
        "200 hidden units, constants centred, seed 2",
        "--hidden 200 --centre-constants --seed 2",
      ],
      [
        "mnist-sigmoid-h200-centred-seed3",
        "200 hidden units, constants centred, seed 3",
        "--hidden 200 --centre-constants --seed 3",
      ],
    ] as const).map(([dir, what, flags]) => ({
      heading: `MNIST: the sigmoid row with ${what}`,
      dir,
      intro: `The 50,000-digit sigmoid row at rate 0.01 with ${what} (\`deno task ` +
        `repro:energy --rows csae-sigmoid --train 50000 --lr 0.01 ${flags} --out ` +
        `results/energy/${dir}\`).`,
      tables: ["table2"],
    })),
    ...CENTRED_SIGMOID_SEEDS.map((seed) => ({
      heading: `MNIST: the sigmoid row, 100 or 200 hidden units validated, constants centred, ` +
        `seed ${seed}`,
      dir: `mnist-centred-sigmoid-seed${seed}`,
      intro: "The 50,000-digit sigmoid row with 100 and 200 hidden units validated (Sec. 4.4 " +
        "validates the width) and the constants C started at minus each class's mean energy, " +
        "at rate 0.01, the rate every 50,000-digit sigmoid run chose (`deno task " +
        "repro:energy --rows csae-sigmoid --train 50000 --hidden 100,200 --lr 0.01 " +
        `--centre-constants --seed ${seed} --out results/energy/mnist-centred-sigmoid-seed` +
        `${seed}\`; models resumed from the sections above where their settings match).`,
      tables: ["table2"],
    })),
    ...CENTRED_MODULUS_SEEDS.map((seed) => ({
      heading: `MNIST: the modulus row, 100 or 200 hidden units validated, constants centred, ` +
        `seed ${seed}`,
      dir: `mnist-centred-modulus-seed${seed}`,
      intro: "The same protocol for the plain modulus row, its rate validated from 0.003 and " +
        "0.01, the two its 50,000-digit runs chose (`deno task repro:energy --rows " +
        "csae-modulus --train 50000 --hidden 100,200 --lr 0.003,0.01 --centre-constants " +
        `--seed ${seed} --out results/energy/mnist-centred-modulus-seed${seed}\`).`,
      tables: ["table2"],
    })),
    {
      heading: "MNIST: the variants of Sec. 4.7, and adding a class to a trained model",
      dir: "mnist-variants",
      intro: "The sigmoid CSAE of the quick preset against the variants of Sec. 4.7 (Table 4 " +
        "has them on the 2007 benchmark sets only; its MNIST-small column is shown beside " +
        "ours), and a tenth class added to a nine-class model without retraining the others " +
        "(`deno task repro:energy-variants --preset quick`).",
      tables: ["variants", "add_class"],
    },
    {
      heading: "Fashion-MNIST: the plain rows (our extension)",
      dir: "fashion-mnist",
      intro: "The three plain CSAE rows of the quick preset on Fashion-MNIST (`--dataset " +
        "fashion-mnist --rows csae-linear,csae-modulus,csae-sigmoid --pretrain-lr 0.001`: the " +
        "linear and modulus autoencoders diverged in their first pretraining epoch at the " +
        "MNIST rate 0.003). The paper has no Fashion-MNIST numbers.",
      tables: ["table2"],
    },
    {
      heading: "Fashion-MNIST: every row of Table 2 (our extension)",
      dir: "fashion-mnist-all",
      intro: "All ten rows of Table 2 with the quick preset on Fashion-MNIST, the plain " +
        "rows' pretraining at 0.001 as above, every factored model's at 0.0003 and its " +
        "fine-tuning rate validated from 0.001, 0.003 and 0.01 (`deno task repro:energy " +
        "--dataset fashion-mnist --pretrain-lr 0.001 --pretrain-lr-factored 0.0003 " +
        "--lr-factored 0.001,0.003,0.01 --out results/energy/fashion-mnist-all`): at the " +
        "MNIST rates the squared and ReLU factored models diverged in their first pretraining " +
        "epoch, and the squared one again in fine-tuning at 0.01 and 0.05. The three plain " +
        "rows resumed from the run's first pass. The paper has no Fashion-MNIST numbers.",
      tables: ["table2"],
    },
    {
      heading: "The 2007 benchmark sets (regenerated): Tables 1, 3, 4, 5, Figures 6 and 9",
      dir: "benchmarks",
      intro: "Part II on the eight Larochelle et al. (2007) sets as the package regenerates " +
        "them from their recipes (`lib/data/benchmarks.ts`; not the original files, so the " +
        "paper's numbers are a reference, not a target to the decimal): baselines beside the " +
        "published SVM-RBF errors, Table 1 (linear CSAE with and without pretraining), Table 3 " +
        "(four CSAE models per set), Table 4 (the Sec. 4.7 variants), Table 5 (CSAE beside the " +
        "cited models and our re-run classification RBM), Figure 6's three panels and Figure 9 " +
        "(`deno task repro:energy-benchmarks --preset quick`).",
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
      heading: "The 2007 benchmark sets: the baselines with our SVM-RBF",
      dir: "benchmarks-baselines",
      intro: "The baselines of the sets above again, now with an SVM with a Gaussian kernel, the " +
        "kind of model behind the published column (scikit-learn's libsvm; C and gamma on " +
        "validation, the grid widened past an edge, refit on train + validation), so that a " +
        "set's difficulty is compared model for model (`deno task repro:energy-benchmarks " +
        "--preset quick --baselines-only --out results/energy/benchmarks-baselines`).",
      tables: ["baselines"],
    },
    {
      heading: "The background sets under the other background rule (max)",
      dir: "benchmarks-max",
      intro: "mnist-back-rand, mnist-back-image and mnist-rot-back-image generated with the " +
        "larger grey level at each pixel instead of the digit's level wherever it is above 0 " +
        "(`--background-rule max --baselines-only --sets mnist-back-rand,mnist-back-image," +
        "mnist-rot-back-image --out results/energy/benchmarks-max`).",
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
        "mnist-rot-back-image --tables 1 --epochs 30 --out results/energy/benchmarks-rbi-e30`).",
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
        "results/energy/benchmarks-rectangles-grid-e40`).",
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
        "--out results/energy/benchmarks-rbi-norm`), the quick preset otherwise.",
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
      heading: "Figures 1-3: energies of activations, a 2-D field, 6s against 9s",
      dir: "figures",
      intro:
        "Drawn by `repro/energy/figures_energy.ts` (`deno task repro:energy --figures-1-3`); " +
        "the numbers behind Figures 2 and 3 and their findings are in the folder `figures/` " +
        "(its own README.md and tables).",
      tables: ["figures"],
      figures: ENERGY_FIGURES_1_3,
    },
  ],
};

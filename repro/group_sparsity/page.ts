/**
 * What `results/group_sparsity/README.md` shows: the quick run's tables and pictures.
 *
 * @module
 */
import type { ResultsPageSpec } from "../results_page.ts";

/**
 * The group-sparsity results page.
 *
 * @example
 * ```ts
 * import { GROUP_SPARSITY_PAGE } from "./page.ts";
 * console.log(GROUP_SPARSITY_PAGE.sections.map((s) => s.dir)); // [ "quick", "quick-conv", "quick-conv-maps128", "quick-conv-maps256", "quick-conv-lambda2-0.01", "quick-conv-lambda2-0.2", "quick-conv-maps64-128", "quick-conv-layer2-e10", "quick-conv-stages", "quick-conv-long", "quick-conv-seed2", "quick-conv-seed3", "quick-conv-seed4", "quick-conv-seed5", "quick-conv-psd-seed1", "quick-conv-psd-seed2", "quick-conv-psd-seed3", "quick-conv-psd-seed4", "quick-conv-psd-seed5", "quick-conv-psd-e3-seed1", "quick-conv-psd-e3-seed2", "quick-conv-psd-e3-seed3", "quick-conv-psd-e3-seed4", "quick-conv-psd-e3-seed5", "quick-conv-e3-seed2", "quick-conv-e3-seed3" ]
 * ```
 */
export const GROUP_SPARSITY_PAGE: ResultsPageSpec = {
  title: "Group sparsity and lateral inhibition (NYU deep learning, week 9)",
  citation: "Y. LeCun, NYU Deep Learning, week 9 lecture (*Discriminative recurrent sparse " +
    "auto-encoder and group sparsity*), after Kavukcuoglu, Ranzato, Fergus & LeCun (CVPR " +
    "2009), Hyvarinen & Hoyer (2001) and Gregor, Szlam & LeCun (NIPS 2011). The lecture has no " +
    "tables: these are its claims, measured.",
  regenerate: "rerun with `deno task repro:group-sparsity --preset quick` (`--parts` to run " +
    "some of digits, patches, conv).",
  sections: [
    {
      heading: "Quick preset: invariance, probes, topographic maps, the tree, the stack",
      dir: "quick",
      intro: "Pooled group-sparse features against a plain L1 autoencoder and a k-sparse " +
        "autoencoder at about the same reconstruction error on MNIST and Fashion-MNIST; " +
        "topographic maps on whitened natural image patches; the dictionary with tree-shaped " +
        "lateral inhibition; the stacked convolutional encoder under a linear probe. Figure " +
        "captions are in `quick/captions.md`.",
      tables: [
        "invariance-mnist",
        "models-mnist",
        "probe-mnist",
        "invariance-fashion-mnist",
        "models-fashion-mnist",
        "probe-fashion-mnist",
        "topography",
        "tree",
        "conv-probe",
      ],
      figures: [
        "topographic-map.png",
        "l1-map.png",
        "tree-dictionary.png",
        "invariance-mnist.svg",
        "invariance-fashion-mnist.svg",
        "filters-mnist-group.png",
        "filters-mnist-l1.png",
        "filters-mnist-ksparse.png",
        "conv-filters.png",
      ],
    },
    {
      heading: "Quick preset, the stack probed on all 10,000 test digits",
      dir: "quick-conv",
      intro: "The convolutional part with the second layer the quick preset had then, 64 " +
        "maps, and the test on all of MNIST's 10,000 test digits instead of its first 5,000 " +
        "(now `--parts conv --conv-maps 32,64 --out results/group_sparsity/quick-conv`); " +
        "layer 1 resumed from its checkpoint of the same settings.",
      tables: ["conv-probe"],
      figures: ["conv-filters.png"],
    },
    {
      heading: "Quick preset, a second layer of 128 maps",
      dir: "quick-conv-maps128",
      intro: "The convolutional part with 128 maps in the second layer instead of 64 " +
        "(`--parts conv --conv-maps 32,128 --out results/group_sparsity/quick-conv-maps128`); " +
        "layer 1 resumed from its checkpoint of the same settings. The quick preset has " +
        "trained 128 maps since: its run above resumed these layers and gives the same numbers.",
      tables: ["conv-probe"],
    },
    {
      heading: "Quick preset, a second layer of 256 maps",
      dir: "quick-conv-maps256",
      intro: "The same with 256 maps in the second layer (`--parts conv --conv-maps 32,256 " +
        "--out results/group_sparsity/quick-conv-maps256`).",
      tables: ["conv-probe"],
    },
    {
      heading: "Quick preset, the second layer's group sparsity 0.01",
      dir: "quick-conv-lambda2-0.01",
      intro: "The convolutional part with the second layer's lambda 0.01 instead of 0.05 " +
        "(`--parts conv --conv-lambda 0.05,0.01 --out " +
        "results/group_sparsity/quick-conv-lambda2-0.01`), 128 maps; layer 1 resumed. Made " +
        "before the stack's unpooled maps were probed.",
      tables: ["conv-probe"],
    },
    {
      heading: "Quick preset, the second layer's group sparsity 0.2",
      dir: "quick-conv-lambda2-0.2",
      intro: "The same with lambda 0.2 (`--parts conv --conv-lambda 0.05,0.2 --out " +
        "results/group_sparsity/quick-conv-lambda2-0.2`).",
      tables: ["conv-probe"],
    },
    {
      heading: "Quick preset, a first layer of 64 maps",
      dir: "quick-conv-maps64-128",
      intro: "The convolutional part with 64 maps in the first layer instead of 32 and the " +
        "preset's 128 in the second (`--parts conv --conv-maps 64,128 --out " +
        "results/group_sparsity/quick-conv-maps64-128`), both layers trained afresh.",
      tables: ["conv-probe"],
      figures: ["conv-filters.png"],
    },
    {
      heading: "Quick preset, the second layer pretrained ten times as long",
      dir: "quick-conv-layer2-e10",
      intro: "The convolutional part with 10 epochs of the second layer's pretraining instead " +
        "of 1 (1,000 steps on the 10,000 pretraining digits; `--parts conv --conv-epochs 2,10 " +
        "--out results/group_sparsity/quick-conv-layer2-e10`); layer 1 resumed from the quick " +
        "preset's checkpoint.",
      tables: ["conv-probe"],
    },
    {
      heading: "Quick preset, both stages' maps side by side",
      dir: "quick-conv-stages",
      intro: "The quick preset's convolutional part again, both layers resumed from its " +
        "checkpoints, with a fifth probe: layer 1's unpooled maps and the stack's side by side " +
        "(`--parts conv --out results/group_sparsity/quick-conv-stages`), the readout of " +
        "multi-stage features (Sermanet & LeCun 2011). It asks whether layer 2 holds anything " +
        "a linear probe finds beyond layer 1. Made from the working tree committed as b7aa771 " +
        "(the metadata names its parent, d27b702, as dirty).",
      tables: ["conv-probe"],
    },
    {
      heading: "Quick preset, both layers pretrained on 50,000 digits, 10 and 5 epochs",
      dir: "quick-conv-long",
      intro: "The convolutional part with the paper preset's layer-wise pretraining (50,000 " +
        "digits, 10 epochs of layer 1 and 5 of layer 2, against 10,000 digits for 2 and 1) " +
        "and the quick preset's probe (`--parts conv --conv-epochs 10,5 --conv-pretrain 50000 " +
        "--out results/group_sparsity/quick-conv-long`), both layers trained afresh.",
      tables: ["conv-probe"],
      figures: ["conv-filters.png"],
    },
    ...[2, 3, 4, 5].map((seed) => ({
      heading: `Quick preset's convolutional part, seed ${seed}`,
      dir: `quick-conv-seed${seed}`,
      intro: "The quick preset's convolutional part with both layers trained afresh from model " +
        `seed ${seed} (initial weights, shuffling and the probe's seed; the digits the same): ` +
        "how far the stack's standing against layer 1 is the draw (`--parts conv --seed " +
        `${seed} --out results/group_sparsity/quick-conv-seed${seed}\`).`,
      tables: ["conv-probe"],
    })),
    ...[1, 2, 3, 4, 5].map((seed) => ({
      heading: `The convolutional part trained on inferred codes (PSD), seed ${seed}`,
      dir: `quick-conv-psd-seed${seed}`,
      intro: "The quick preset's convolutional part with both layers trained on codes inferred " +
        "by 10 steps of sparse coding from the encoder's (predictive sparse decomposition, " +
        "Kavukcuoglu et al. 2010; the probe reads the encoders, as before), both layers " +
        `trained afresh from seed ${seed} (\`--parts conv --conv-inference 10 --seed ${seed} ` +
        `--out results/group_sparsity/quick-conv-psd-seed${seed}\`).`,
      tables: ["conv-probe"],
      ...(seed === 1 ? { figures: ["conv-filters.png"] } : {}),
    })),
    ...[1, 2, 3, 4, 5].map((seed) => ({
      heading: `The same with three epochs of layer 2, seed ${seed}`,
      dir: `quick-conv-psd-e3-seed${seed}`,
      intro: "Both layers trained on inferred codes as above, layer 2 for three epochs instead " +
        "of one; layer 1 resumed from that seed's run above (`--parts conv --conv-inference " +
        `10 --conv-epochs 2,3 --seed ${seed} --out ` +
        `results/group_sparsity/quick-conv-psd-e3-seed${seed}\`).`,
      tables: ["conv-probe"],
    })),
    ...[2, 3].map((seed) => ({
      heading: `Encoders trained directly, three epochs of layer 2, seed ${seed}`,
      dir: `quick-conv-e3-seed${seed}`,
      intro: "The control for the section above: the encoders trained directly, layer 2 for " +
        "three epochs; layer 1 resumed from that seed's run (`--parts conv --conv-epochs 2,3 " +
        `--seed ${seed} --out results/group_sparsity/quick-conv-e3-seed${seed}\`).`,
      tables: ["conv-probe"],
    })),
  ],
};

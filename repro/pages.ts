/**
 * What `deno task results` writes: every paper's results page, by folder under `results/`, and
 * the README's headline rows, each read from a committed results table.
 *
 * @module
 */
import type { HeadlineRow } from "./headline.ts";
import type { ResultsPageSpec } from "./results_page.ts";
import { DRSAE_PAGE } from "./drsae/page.ts";
import { ENERGY_PAGE } from "./energy/page.ts";
import { GROUP_SPARSITY_PAGE } from "./group_sparsity/page.ts";
import { IDAE_PAGE } from "./idae/page.ts";
import { KSPARSE_PAGE } from "./ksparse/page.ts";

/** The speed benchmark against PyTorch on the CPU (`deno task bench:peers`). */
const BENCH_PAGE: ResultsPageSpec = {
  title: "Training speed beside PyTorch on the CPU",
  citation: "The package's `train()` step of each model against the same step in PyTorch 1.13 " +
    "(Debian's `python3-torch`), measured in one run with alternating rounds; ratios, not " +
    "absolute times, compare across machines.",
  regenerate: "`deno task bench:peers --backends wasm --rounds 3` reruns the benchmark.",
  sections: [{
    heading: "Samples per second, ours against PyTorch (ratio > 1: ours faster)",
    dir: ".",
    tables: ["peers"],
    metadata: "peers.json",
  }, {
    heading: "The k-sparse step over its active units, against PyTorch dense and sparse",
    dir: ".",
    intro: "`deno task bench:peers --only ksparse`: the k-sparse autoencoder's training step " +
      "(batch 100, 784 inputs) with the gradients over the k active units per example, beside " +
      "the same step computed densely, PyTorch's dense step and a sparse PyTorch formulation " +
      "(CSR products, index_select), all on one thread, with the useful GFLOP/s against the " +
      "machine's sgemm rate measured in the same run.",
    tables: ["ksparse"],
    metadata: "ksparse.json",
  }],
};

/** The results page of each paper (and of the benchmark), keyed by its folder under `results/`. */
export const RESULTS_PAGES: Readonly<Record<string, ResultsPageSpec>> = {
  ksparse: KSPARSE_PAGE,
  drsae: DRSAE_PAGE,
  idae: IDAE_PAGE,
  energy: ENERGY_PAGE,
  group_sparsity: GROUP_SPARSITY_PAGE,
  bench: BENCH_PAGE,
};

/** The other seeds of the quick preset's convolutional part (seed 1 is `quick/`). */
const CONV_SEEDS = [2, 3, 4, 5].map((n) =>
  `results/group_sparsity/quick-conv-seed${n}/conv-probe.csv`
);
/** Its seeds with both layers trained on inferred codes, layer 2 for three epochs. */
const PSD_SEEDS = [1, 2, 3, 4, 5].map((n) =>
  `results/group_sparsity/quick-conv-psd-e3-seed${n}/conv-probe.csv`
);

/** The README's headline: each paper's main rows, from the committed tables. */
export const HEADLINE: readonly HeadlineRow[] = [
  {
    paper: "Makhzani & Frey (2014)",
    measure: "MNIST test error %, k = 25, logistic regression on the features (Table 1)",
    csv: "results/ksparse/mnist/table1.csv",
    row: "k-sparse autoencoder, k = 25",
    page: "results/ksparse/README.md",
  },
  {
    paper: "Makhzani & Frey (2014)",
    measure: "MNIST test error %, k = 25 trained 320 epochs (Table 1 protocol, run-length trend)",
    csv: "results/ksparse/mnist-trend-k25-e320/trend.csv",
    row: "k = 25 after 320 epochs",
    page: "results/ksparse/README.md",
  },
  {
    paper: "Makhzani & Frey (2014)",
    measure:
      "MNIST test error %, the 320-epoch k = 25 model + the paper's 200 epochs of fine-tuning (Table 3)",
    csv: "results/ksparse/mnist-trend-k25-e320-ft200/trend.csv",
    row: "k = 25 after 320 epochs, fine-tuned 200 epochs",
    page: "results/ksparse/README.md",
  },
  {
    paper: "Makhzani & Frey (2014)",
    measure: "MNIST test error %, k = 25 + fine-tuning (Table 3)",
    csv: "results/ksparse/mnist/table3.csv",
    row: "k-sparse autoencoder + fine-tuning (k = 25)",
    page: "results/ksparse/README.md",
  },
  {
    paper: "Rolfe & LeCun (2013)",
    measure: "MNIST test error %, DrSAE 784-400^11-10 (Table 1)",
    csv: "results/drsae/mnist-paper/table1.csv",
    row: "DrSAE 784-400^11-10",
    page: "results/drsae/README.md",
  },
  {
    paper: "Bahdanau & Jaeger (2014)",
    measure:
      "MNIST accuracy on fixed points, k = 3, σ = 0.7, 250 epochs (Table 1a, mean over seeds)",
    csv: "results/idae/mnist-N250/seeds.csv",
    row: "k = 3, σ = 0.7, N = 250, α = 0.999",
    digits: 3,
    page: "results/idae/README.md",
  },
  {
    paper: "Bahdanau & Jaeger (2014)",
    measure:
      "MNIST accuracy on fixed points, k = 1, σ = 0.3, 250 epochs (Table 1a, mean over seeds)",
    csv: "results/idae/mnist-N250/seeds.csv",
    row: "k = 1, σ = 0.3, N = 250, α = 0.999",
    digits: 3,
    page: "results/idae/README.md",
  },
  {
    paper: "Kamyshanska & Memisevic (2015)",
    measure: "MNIST test error %, CSAE sigmoid, 50,000 training digits, 100 or 200 hidden " +
      "units validated, constants centred (Table 2)",
    csv: "results/energy/mnist-centred-sigmoid-seed1/table2.csv",
    seeds: [2, 3, 4, 5].map((n) => `results/energy/mnist-centred-sigmoid-seed${n}/table2.csv`),
    row: "CSAE sigmoid",
    page: "results/energy/README.md",
  },
  {
    paper: "Kamyshanska & Memisevic (2015)",
    measure: "MNIST test error %, CSAE linear, 50,000 training digits (Table 2)",
    csv: "results/energy/mnist-train50k/table2.csv",
    row: "CSAE linear",
    page: "results/energy/README.md",
  },
  {
    paper: "Kamyshanska & Memisevic (2015)",
    measure: "MNIST test error %, CSAE modulus, the same protocol (Table 2)",
    csv: "results/energy/mnist-centred-modulus-seed1/table2.csv",
    seeds: [2, 3, 4, 5].map((n) => `results/energy/mnist-centred-modulus-seed${n}/table2.csv`),
    row: "CSAE modulus",
    page: "results/energy/README.md",
  },
  {
    paper: "Kamyshanska & Memisevic (2015)",
    measure: "MNIST test error %, HDRBM re-run, 50,000 training digits, 30 epochs (Table 2)",
    csv: "results/energy/mnist-hdrbm-e30/table2.csv",
    row: "HDRBM",
    page: "results/energy/README.md",
  },
  {
    paper: "Kamyshanska & Memisevic (2015)",
    measure: "MNIST test error %, generative RBM re-run, CD-10, 50,000 training digits (Table 2)",
    csv: "results/energy/mnist-rbm-cd10/table2.csv",
    seeds: ["results/energy/mnist-rbm-cd10-seed2/table2.csv"],
    row: "RBM",
    page: "results/energy/README.md",
  },
  {
    paper: "Kamyshanska & Memisevic (2015)",
    measure: "mnist-small (regenerated 2007 set) test error %, sigmoid CSAE (Table 5)",
    csv: "results/energy/benchmarks/table5.csv",
    row: "mnist-small",
    page: "results/energy/README.md",
  },
  {
    paper: "Kamyshanska & Memisevic (2015)",
    measure: "mnist-rot (regenerated 2007 set) test error %, sigmoid CSAE, 100 pretraining and " +
      "40 fine-tuning epochs (Table 5)",
    csv: "results/energy/benchmarks-pre100/table5.csv",
    seeds: [2, 3, 4, 5].map((n) => `results/energy/benchmarks-rot-seed${n}/table5.csv`),
    row: "mnist-rot",
    page: "results/energy/README.md",
  },
  {
    paper: "Kamyshanska & Memisevic (2015)",
    measure: "the same, contraction and hidden units validated, pretrained without the " +
      "validation digits",
    csv: "results/energy/benchmarks-rot-t5-c1-trainonly/table5.csv",
    seeds: [2, 3, 4, 5].map((n) =>
      `results/energy/benchmarks-rot-t5-c1-trainonly-seed${n}/table5.csv`
    ),
    row: "mnist-rot",
    page: "results/energy/README.md",
  },
  {
    paper: "NYU deep learning, week 9 (group sparsity)",
    measure: "MNIST: correlation of features before and after a 1-3 pixel shift, group-sparse " +
      "pooled features (no paper number)",
    csv: "results/group_sparsity/quick/invariance-mnist.csv",
    row: "group-sparse, pooled (pool norms)",
    digits: 3,
    page: "results/group_sparsity/README.md",
  },
  {
    paper: "NYU deep learning, week 9 (group sparsity)",
    measure: "the same for the plain L1 autoencoder's units, at about the same reconstruction " +
      "error",
    csv: "results/group_sparsity/quick/invariance-mnist.csv",
    row: "L1, units",
    digits: 3,
    page: "results/group_sparsity/README.md",
  },
  {
    paper: "NYU deep learning, week 9 (group sparsity)",
    measure: "MNIST linear-probe test error %, two stacked convolutional group-sparse layers, " +
      "the stack's maps (paper column: the target)",
    csv: "results/group_sparsity/quick/conv-probe.csv",
    seeds: CONV_SEEDS,
    row: "layers 1 and 2 stacked, unpooled maps (2 x 2 average)",
    page: "results/group_sparsity/README.md",
  },
  {
    paper: "NYU deep learning, week 9 (group sparsity)",
    measure: "the same, layer 1 alone",
    csv: "results/group_sparsity/quick/conv-probe.csv",
    seeds: CONV_SEEDS,
    row: "layer 1, unpooled maps (4 x 4 average)",
    page: "results/group_sparsity/README.md",
  },
  {
    paper: "NYU deep learning, week 9 (group sparsity)",
    measure: "the stack's maps, both layers trained on codes inferred by sparse coding (PSD), " +
      "layer 2 for 3 epochs",
    csv: PSD_SEEDS[0],
    seeds: PSD_SEEDS.slice(1),
    row: "layers 1 and 2 stacked, unpooled maps (2 x 2 average)",
    page: "results/group_sparsity/README.md",
  },
  {
    paper: "NYU deep learning, week 9 (group sparsity)",
    measure: "that stack, both stages' maps side by side",
    csv: PSD_SEEDS[0],
    seeds: PSD_SEEDS.slice(1),
    row: "layers 1 and 2, both stages' unpooled maps side by side",
    page: "results/group_sparsity/README.md",
  },
  {
    paper: "NYU deep learning, week 9 (group sparsity)",
    measure: "that stack's layer 1 alone",
    csv: PSD_SEEDS[0],
    seeds: PSD_SEEDS.slice(1),
    row: "layer 1, unpooled maps (4 x 4 average)",
    page: "results/group_sparsity/README.md",
  },
];

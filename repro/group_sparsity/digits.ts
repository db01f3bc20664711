/**
 * The group-sparse autoencoder against plain sparsity on digits (MNIST or Fashion-MNIST):
 *
 * - the group-sparse model: ReLU encoder, unit-norm linear decoder, squared error plus lambda
 *   times the sum over 3 x 3 neighbourhoods of a 16 x 16 torus of the pools' L2 norms;
 * - the plain L1 sparse autoencoder: the same model with one unit per pool (the penalty is then
 *   sum_j |z_j|), its lambda chosen from a grid so that its test reconstruction error is the
 *   closest to the group-sparse model's;
 * - the k-sparse autoencoder (Makhzani & Frey) with as many units, k chosen the same way.
 *
 * Measured: reconstruction error, active units, the invariance of each feature set to shifts
 * and rotations of the digits (`lib/eval/invariance.ts`; the group-sparse model's pooled
 * features, its units, the L1 model's units and the L1 units pooled with the same pools as a
 * control, the k-sparse units), over seeds; and the linear-probe test error of each feature
 * set.
 *
 * @module
 */
import { tf } from "../../lib/tf.ts";
import type { Tensor2D } from "../../lib/tf.ts";
import { type ArrayData, firstRows, mapRows } from "../../lib/data/rows.ts";
import type { DatasetSplits } from "../../lib/data/splits.ts";
import { invariance, type InvarianceRecord } from "../../lib/eval/invariance.ts";
import { linearProbe } from "../../lib/eval/probe.ts";
import {
  type GroupSparseAutoencoder,
  groupSparseAutoencoder,
} from "../../lib/models/group_sparse.ts";
import { type KSparseAutoencoder, kSparseAutoencoder } from "../../lib/models/ksparse.ts";
import { disjointPools, poolMatrix, poolNorms, toroidalPools } from "../../lib/ops/groups.ts";
import type { ReproRunOptions } from "../run_options.ts";
import type { DigitsSettings } from "./config.ts";
import { codeMeasures, trainRun } from "./train.ts";

/** The models compared, by id. */
export type DigitsModel = "group" | "l1" | "ksparse";

/** The feature sets whose invariance and probe error are measured. */
export const FEATURE_SETS = [
  { id: "group-pooled", label: "group-sparse, pooled (pool norms)" },
  { id: "group-units", label: "group-sparse, units" },
  { id: "l1-units", label: "L1, units" },
  { id: "l1-pooled", label: "L1, units pooled with the same pools (control)" },
  { id: "ksparse-units", label: "k-sparse, units" },
] as const;

/** A feature set's id. */
export type FeatureSetId = typeof FEATURE_SETS[number]["id"];

/** One trained model of one seed: its setting and measures. */
export interface DigitsModelResult {
  /** Which model. */
  model: DigitsModel;
  /** Seed. */
  seed: number;
  /** lambda (group, L1) or k (k-sparse). */
  setting: number;
  /** Mean squared reconstruction error per test digit (sum over pixels). */
  reconstructionError: number;
  /** Mean number of non-zero code units per test digit. */
  activeUnits: number;
  /** Training seconds. */
  seconds: number;
}

/** Invariance of one feature set of one seed. */
export interface DigitsInvariance {
  /** Which features. */
  features: FeatureSetId;
  /** Seed. */
  seed: number;
  /** One record per transform. */
  records: InvarianceRecord[];
}

/** Linear-probe error of one feature set (the first seed's models). */
export interface DigitsProbe {
  /** Which features. */
  features: FeatureSetId | "pixels";
  /** Feature width. */
  width: number;
  /** Test error, a fraction. */
  testError: number;
  /** Validation error, a fraction. */
  validationError: number;
}

/** Everything the digits comparison measured. */
export interface DigitsResults {
  /** Dataset name. */
  dataset: string;
  /** Every model trained, the calibration candidates included (`kept` says which were kept). */
  models: (DigitsModelResult & { kept: boolean })[];
  /** Invariance per feature set and seed. */
  invariance: DigitsInvariance[];
  /** Probe errors. */
  probes: DigitsProbe[];
  /** Decoder atoms of the first seed's models for the filter pictures: [units, 784] rows. */
  filters: { model: DigitsModel; rows: Float32Array; units: number }[];
}

type Trained =
  | { model: "group" | "l1"; ae: GroupSparseAutoencoder; result: DigitsModelResult }
  | { model: "ksparse"; ae: KSparseAutoencoder; result: DigitsModelResult };

/** Reconstruction error and active units, without the fraction of variance. */
async function measures(
  data: ArrayData,
  encode: (x: Tensor2D) => Tensor2D,
  decode: (z: Tensor2D) => Tensor2D,
) {
  const m = await codeMeasures(data, encode, decode);
  return { reconstructionError: m.reconstructionError, activeUnits: m.activeUnits };
}

async function trainModel(
  model: DigitsModel,
  setting: number,
  seed: number,
  splits: DatasetSplits,
  s: DigitsSettings,
  batchSize: number,
  options: ReproRunOptions,
): Promise<Trained> {
  const units = s.grid[0] * s.grid[1];
  const spec = {
    name: `${options.dataset}-${model}-${setting}-s${seed}`,
    settings: { model, setting, seed, grid: s.grid, window: s.window, epochs: s.epochs },
    epochs: s.epochs,
    learningRate: s.learningRate,
    batchSize,
    seed,
  };
  const test = splits.test;
  if (model === "ksparse") {
    const ae = kSparseAutoencoder({ inputs: test.features, hidden: units, k: setting, seed });
    const r = await trainRun(ae, splits.train, spec, options);
    return {
      model,
      ae,
      result: {
        model,
        seed,
        setting,
        ...await measures(test, (x) => ae.encode(x), (z) => ae.decode(z)),
        seconds: r.seconds,
      },
    };
  }
  const pools = model === "group" ? toroidalPools(s.grid[0], s.grid[1], s.window) : disjointPools(
    units,
    1,
  );
  const ae = groupSparseAutoencoder({ inputs: test.features, pools, lambda: setting, seed });
  const r = await trainRun(ae, splits.train, spec, options);
  return {
    model,
    ae,
    result: {
      model,
      seed,
      setting,
      ...await measures(test, (x) => ae.encode(x), (z) => ae.decode(z)),
      seconds: r.seconds,
    },
  };
}

/**
 * Train the candidates of a model and keep the one whose reconstruction error is the closest
 * to `target`; the others are freed.
 */
async function calibrated(
  model: "l1" | "ksparse",
  grid: number[],
  target: number,
  seed: number,
  splits: DatasetSplits,
  s: DigitsSettings,
  batchSize: number,
  options: ReproRunOptions,
  record: DigitsResults["models"],
): Promise<Trained> {
  let best: Trained | null = null;
  const tried: Trained["result"][] = [];
  for (const setting of grid) {
    const t = await trainModel(model, setting, seed, splits, s, batchSize, options);
    tried.push(t.result);
    const gap = (x: Trained) => Math.abs(x.result.reconstructionError - target);
    if (!best || gap(t) < gap(best)) {
      best?.ae.dispose();
      best = t;
    } else t.ae.dispose();
  }
  for (const r of tried) record.push({ ...r, kept: r === best!.result });
  return best!;
}

/** The feature functions of the three models. */
function featureFunctions(
  group: GroupSparseAutoencoder,
  l1: GroupSparseAutoencoder,
  ks: KSparseAutoencoder,
): Record<FeatureSetId, (x: Tensor2D) => Tensor2D> {
  const P = group.pools;
  return {
    "group-pooled": (x) => group.pooled(x),
    "group-units": (x) => group.encode(x),
    "l1-units": (x) => l1.encode(x),
    "l1-pooled": (x) =>
      tf.tidy(() => {
        const m = poolMatrix(P);
        return poolNorms(l1.encode(x), m, group.config.eps);
      }),
    "ksparse-units": (x) => ks.encode(x),
  };
}

/**
 * Run the digits comparison: for each seed, the group-sparse model, then the L1 and k-sparse
 * models calibrated to its reconstruction error (on the first seed; later seeds reuse the
 * settings kept), their invariance; on the first seed, the probes.
 *
 * @example
 * ```ts
 * import { loadSplits } from "../../lib/data/splits.ts";
 * import { GROUP_SPARSITY_PRESETS } from "./config.ts";
 * import { digitsComparison } from "./digits.ts";
 * const c = GROUP_SPARSITY_PRESETS.smoke;
 * const splits = await loadSplits("mnist", c.digits.sizes);
 * const r = await digitsComparison(splits, c.digits, c, {
 *   dataset: "mnist", preset: "smoke", backend: "cpu",
 * });
 * console.log(r.invariance.length, r.probes.length); // 10 6
 * ```
 */
export async function digitsComparison(
  splits: DatasetSplits,
  s: DigitsSettings,
  run: { batchSize: number; probeEpochs: number },
  options: ReproRunOptions,
): Promise<DigitsResults> {
  const results: DigitsResults = {
    dataset: options.dataset,
    models: [],
    invariance: [],
    probes: [],
    filters: [],
  };
  const base = options.seed ?? 1;
  const invarianceData = firstRows(splits.test, s.invarianceDigits);
  let l1Setting: number | null = null;
  let kSetting: number | null = null;
  for (let i = 0; i < s.seeds; i++) {
    const seed = base + i;
    const group = await trainModel("group", s.lambda, seed, splits, s, run.batchSize, options);
    results.models.push({ ...group.result, kept: true });
    const target = group.result.reconstructionError;
    const l1 = await calibrated(
      "l1",
      l1Setting === null ? s.l1Lambdas : [l1Setting],
      target,
      seed,
      splits,
      s,
      run.batchSize,
      options,
      results.models,
    );
    const ks = await calibrated(
      "ksparse",
      kSetting === null ? s.ks : [kSetting],
      target,
      seed,
      splits,
      s,
      run.batchSize,
      options,
      results.models,
    );
    l1Setting = l1.result.setting;
    kSetting = ks.result.setting;
    const g = group.ae as GroupSparseAutoencoder;
    const l = l1.ae as GroupSparseAutoencoder;
    const k = ks.ae as KSparseAutoencoder;
    try {
      const fns = featureFunctions(g, l, k);
      for (const { id } of FEATURE_SETS) {
        const records = await invariance(invarianceData, fns[id]);
        results.invariance.push({ features: id, seed, records });
      }
      if (i === 0) {
        results.probes = await probes(splits, fns, run.probeEpochs, seed);
        results.filters = [
          {
            model: "group",
            rows: (await g.params.D.data()) as Float32Array,
            units: g.config.units,
          },
          { model: "l1", rows: (await l.params.D.data()) as Float32Array, units: l.config.units },
          {
            model: "ksparse",
            rows: (await tf.tidy(() => tf.transpose(k.params.W)).data()) as Float32Array,
            units: k.config.hidden,
          },
        ];
      }
    } finally {
      g.dispose();
      l.dispose();
      k.dispose();
    }
  }
  return results;
}

/** The probe error of raw pixels and of each feature set. */
async function probes(
  splits: DatasetSplits,
  fns: Record<FeatureSetId, (x: Tensor2D) => Tensor2D>,
  epochs: number,
  seed: number,
): Promise<DigitsProbe[]> {
  const out: DigitsProbe[] = [];
  const sets: [DigitsProbe["features"], ((x: Tensor2D) => Tensor2D) | null][] = [
    ["pixels", null],
    ...FEATURE_SETS.map(({ id }) => [id, fns[id]] as [FeatureSetId, (x: Tensor2D) => Tensor2D]),
  ];
  for (const [id, fn] of sets) {
    const map = async (d: ArrayData) => fn ? { ...(await mapRows(d, fn)), y: d.y } : d;
    const [train, validation, test] = await Promise.all([
      map(splits.train),
      map(splits.validation),
      map(splits.test),
    ]);
    const r = await linearProbe({ train, validation, test }, { epochs, seed, standardize: true });
    out.push({
      features: id,
      width: train.features,
      testError: r.testError,
      validationError: r.validationError,
    });
  }
  return out;
}

/**
 * The spread over seeds of Table 1's k = 25 row and Table 3's k-sparse + fine-tuning row
 * (Makhzani & Frey report one number each): for each seed, the k = 25 autoencoder trained as
 * in the main run, probed on its alpha*k features and fine-tuned. Checkpoints are shared with
 * the main run of the same settings, so its seed resumes instead of training again.
 *
 * @module
 */
import type { DatasetSplits } from "../../lib/data/splits.ts";
import type { ResultsRow } from "../../lib/io/table.ts";
import type { ReproRunOptions } from "../run_options.ts";
import type { KSparseConfig } from "./config.ts";
import { fineTune, type KSparseFineTuneOutcome } from "./finetune.ts";
import {
  KSPARSE_PAPER_SETTINGS as P,
  KSPARSE_PAPER_TABLE1,
  KSPARSE_PAPER_TABLE3,
  paperValue,
} from "./paper.ts";
import { ksparseCheckpoints } from "./run.ts";
import type { KSparseTable } from "./tables.ts";
import { probeKSparse, trainKSparse } from "./train.ts";

/** One seed's two rows: the probe of Table 1 and the fine-tuned network of Table 3. */
export interface KSparseSeedOutcome {
  /** The seed of initialisation and shuffling. */
  seed: number;
  /** Table 1's k = 25 probe: errors as fractions, and the alpha chosen on validation. */
  probe: { testError: number; validationError: number; alpha: number; seconds: number };
  /** Table 3's k-sparse + fine-tuning network. */
  fineTuned: KSparseFineTuneOutcome;
}

/**
 * Train, probe and fine-tune the k = 25 model (the paper's `fineTuneK`) once per seed.
 *
 * @param splits the data
 * @param config the run's settings (the preset's)
 * @param seeds the seeds, each a whole number
 * @param options checkpoints, progress and interrupt as every reproduction run; `seed` is ignored
 * @returns one outcome per seed, in the order given
 */
export async function ksparseSeedRuns(
  splits: DatasetSplits,
  config: KSparseConfig,
  seeds: readonly number[],
  options: ReproRunOptions,
): Promise<KSparseSeedOutcome[]> {
  const outcomes: KSparseSeedOutcome[] = [];
  for (const seed of seeds) {
    const checkpoint = ksparseCheckpoints(config, { ...options, seed });
    const trainOptions = { progress: options.progress, signal: options.signal, seed };
    const { model, result } = await trainKSparse(splits, P.fineTuneK, config, {
      ...trainOptions,
      checkpoint: await checkpoint(`k${P.fineTuneK}`),
    });
    try {
      const probe = await probeKSparse(model, splits, config.alphas, config.probe);
      const [fineTuned] = await fineTune(
        { splits, config, seed, checkpoint, trainOptions },
        { ksparse: model },
        ["ksparse"],
      );
      outcomes.push({
        seed,
        probe: {
          testError: probe.best.testError,
          validationError: probe.best.validationError,
          alpha: probe.alpha,
          seconds: result.seconds + probe.best.seconds,
        },
        fineTuned,
      });
    } finally {
      model.dispose();
    }
  }
  return outcomes;
}

/** Mean and sample standard deviation (0 for one value). */
function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, sd: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0 };
}

/**
 * The seeds table: for each of the two rows the mean test error over the seeds that finished,
 * its sample standard deviation, range and the per-seed errors (%), beside the paper's.
 *
 * @example
 * ```ts
 * import { KSPARSE_PRESETS } from "./config.ts";
 * import { ksparseSeedTable } from "./seeds.ts";
 * const run = (seed: number, t1: number, t3: number) => ({
 *   seed,
 *   probe: { testError: t1, validationError: t1, alpha: 3, seconds: 1 },
 *   fineTuned: {
 *     network: "ksparse" as const,
 *     errors: { testError: t3, validationError: t3, epochs: 6, seconds: 1 },
 *     note: null,
 *   },
 * });
 * const t = ksparseSeedTable([run(1, 0.02, 0.015), run(2, 0.022, 0.014)], KSPARSE_PRESETS.quick, {
 *   dataset: "mnist",
 *   preset: "quick",
 *   backend: "wasm",
 * });
 * console.log((t.rows[0].ours as number).toFixed(2), t.rows[0].perSeed); // 2.10 2.00, 2.20
 * ```
 */
export function ksparseSeedTable(
  outcomes: readonly KSparseSeedOutcome[],
  config: KSparseConfig,
  run: { dataset: string; preset: string; backend: string },
): KSparseTable {
  const k = P.fineTuneK;
  const row = (name: string, paper: number | null, errors: (number | null)[]): ResultsRow => {
    const done = errors.filter((e): e is number => e !== null).map((e) => 100 * e);
    const { mean, sd } = done.length ? meanSd(done) : { mean: NaN, sd: NaN };
    return {
      row: name,
      paper,
      ours: done.length ? mean : null,
      sd: done.length ? sd : null,
      min: done.length ? Math.min(...done) : null,
      max: done.length ? Math.max(...done) : null,
      seeds: done.length,
      perSeed: errors.map((e) => (e === null ? "—" : (100 * e).toFixed(2))).join(", "),
      preset: run.preset,
      epochs: config.epochs,
      backend: run.backend,
    };
  };
  const t1 = `k-sparse autoencoder, k = ${k}`;
  const t3 = `k-sparse autoencoder + fine-tuning (k = ${k})`;
  const failed = outcomes.filter((o) => !o.fineTuned.errors)
    .map((o) => `seed ${o.seed}: ${o.fineTuned.note}`);
  return {
    name: "seeds",
    rows: [
      row(
        t1,
        paperValue(KSPARSE_PAPER_TABLE1, t1, run.dataset),
        outcomes.map((o) => o.probe.testError),
      ),
      row(
        t3,
        paperValue(KSPARSE_PAPER_TABLE3, t3, run.dataset),
        outcomes.map((o) => o.fineTuned.errors?.testError ?? null),
      ),
    ],
    title: `Makhzani & Frey Tables 1 and 3, k = ${k}, over seeds ` +
      `${outcomes.map((o) => o.seed).join(", ")}: test error %, ${run.dataset}`,
    notes: `"ours" is the mean test error over the seeds, "sd" the sample standard deviation, ` +
      `"perSeed" each seed's error in the order of the title. Each seed trains the k = ${k} ` +
      `autoencoder as the main run does (${config.epochs} epochs, batch ${config.batchSize}, SGD ` +
      `lr ${config.learningRate} momentum ${config.momentum}, k scheduled from ` +
      `${config.kScheduleFrom}), probes its alpha*k features with logistic regression (alpha ` +
      `and L2 chosen on validation) and fine-tunes it for ${config.fineTune.epochs} epochs (lr ` +
      `${config.fineTune.learningRate[0]} to ${config.fineTune.learningRate[1]}, momentum ` +
      `${config.fineTune.momentum}, best validation epoch kept); the seed sets the ` +
      `initialisation and the shuffling. The paper reports one run after ${P.epochs} epochs.` +
      (failed.length ? ` Not counted: ${failed.join("; ")}.` : ""),
    columnDigits: { sd: 2, min: 2, max: 2 },
  };
}

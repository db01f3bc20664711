/**
 * Topographic filter maps on natural image patches (lecture week 9, Fig. 4; Kavukcuoglu et al.
 * 2009): the group-sparse autoencoder with overlapping pools on a torus, trained on whitened
 * 12 x 12 patches of the python3-skimage photographs, against the same model with one unit per
 * pool (plain L1) as control. Measured: how much closer in orientation and frequency grid
 * neighbours' decoder atoms are than random pairs (`lib/eval/topography.ts`), reconstruction
 * error and active units. Also the dictionary learned with tree-shaped lateral inhibition
 * (lecture Fig. 6; Gregor, Szlam & LeCun 2011).
 *
 * @module
 */
import { tf } from "../../lib/tf.ts";
import type { Tensor2D } from "../../lib/tf.ts";
import { type NaturalPatches, naturalPatches } from "../../lib/data/patches.ts";
import { gatherBatch } from "../../lib/data/rows.ts";
import { filterTopography, type Topography } from "../../lib/eval/topography.ts";
import { groupSparseAutoencoder } from "../../lib/models/group_sparse.ts";
import {
  inferCodes,
  lateralLearningStep,
  treeInhibitionMask,
} from "../../lib/models/lateral_inhibition.ts";
import { disjointPools, toroidalPools, treePools } from "../../lib/ops/groups.ts";
import { randomStream } from "../../lib/random.ts";
import type { ReproRunOptions } from "../run_options.ts";
import type { PatchSettings, TreeSettings } from "./config.ts";
import { codeMeasures, trainRun } from "./train.ts";

/** One model's topographic measures on patches. */
export interface PatchMapResult {
  /** "group" (toroidal pools) or "l1" (one unit per pool, the control). */
  model: "group" | "l1";
  /** Orientation and frequency topography of the decoder atoms on the grid. */
  topography: Topography;
  /** Mean squared reconstruction error per patch (whitened units). */
  reconstructionError: number;
  /** The squared error as a fraction of the patches' variance. */
  fvu: number;
  /** Mean active units per patch. */
  activeUnits: number;
  /** Decoder atoms, [units, size * size] rows, in whitened pixels. */
  atoms: Float32Array;
  /** Training seconds. */
  seconds: number;
}

/** The tree-inhibited dictionary. */
export interface TreeResult {
  /** Atoms [units, size * size] in tree order (root, its children, their children, ...). */
  atoms: Float32Array;
  /** Units per depth, root first. */
  levels: number[];
  /** Mean |cosine| of atoms in a parent-child relation. */
  parentChild: number;
  /** Mean |cosine| of atoms on different branches (neither an ancestor of the other). */
  otherBranches: number;
  /** Mean energy of the last 10% of steps, and of the first 10%. */
  energy: { first: number; last: number };
  /** Seconds. */
  seconds: number;
}

/** Everything the patch experiments measured. */
export interface PatchResults {
  /** The patches' settings and source (for the metadata). */
  source: NaturalPatches["source"];
  /** Group-sparse map and L1 control. */
  maps: PatchMapResult[];
  /** The tree-inhibited dictionary. */
  tree: TreeResult;
}

/**
 * Cut the patches, train the group-sparse map and its L1 control, measure them; learn the
 * tree-inhibited dictionary.
 *
 * @example
 * ```ts
 * import { GROUP_SPARSITY_PRESETS } from "./config.ts";
 * import { patchExperiments } from "./patches.ts";
 * const c = GROUP_SPARSITY_PRESETS.smoke;
 * const r = await patchExperiments(c.patches, c.tree, c.batchSize, {
 *   dataset: "patches", preset: "smoke", backend: "cpu",
 * });
 * console.log(r.maps.map((m) => m.model), r.tree.levels); // [ "group", "l1" ] [ 1, 3 ]
 * ```
 */
export async function patchExperiments(
  s: PatchSettings,
  t: TreeSettings,
  batchSize: number,
  options: ReproRunOptions,
): Promise<PatchResults> {
  const patches = await naturalPatches({ count: s.count, size: s.size, seed: options.seed ?? 1 });
  const data = patches.train;
  const probe = { ...data, x: data.x.subarray(0, Math.min(data.n, 5000) * data.features) };
  probe.n = probe.x.length / data.features;
  const maps: PatchMapResult[] = [];
  const units = s.grid[0] * s.grid[1];
  for (const model of ["group", "l1"] as const) {
    const pools = model === "group"
      ? toroidalPools(s.grid[0], s.grid[1], s.window)
      : disjointPools(units, 1);
    const seed = options.seed ?? 1;
    const ae = groupSparseAutoencoder({ inputs: data.features, pools, lambda: s.lambda, seed });
    try {
      const r = await trainRun(ae, data, {
        name: `patches-${model}`,
        settings: { model, ...s, seed },
        epochs: s.epochs,
        learningRate: s.learningRate,
        batchSize,
        seed,
      }, options);
      const atoms = (await ae.params.D.data()) as Float32Array;
      maps.push({
        model,
        topography: filterTopography(atoms, s.size, {
          rows: s.grid[0],
          cols: s.grid[1],
          size: 3 * s.size,
          permutations: s.permutations,
          seed,
        }),
        ...await codeMeasures(probe, (x) => ae.encode(x), (z) => ae.decode(z)),
        atoms,
        seconds: r.seconds,
      });
    } finally {
      ae.dispose();
    }
  }
  const treePatches = t.whiten ? patches : await naturalPatches({
    count: s.count,
    size: s.size,
    seed: options.seed ?? 1,
    whiten: false,
  });
  const tree = await treeDictionary(treePatches, t, options.seed ?? 1);
  return { source: patches.source, maps, tree };
}

/** Learn a dictionary with the tree-shaped inhibition matrix (the lecture's learning step). */
async function treeDictionary(
  patches: NaturalPatches,
  t: TreeSettings,
  seed: number,
): Promise<TreeResult> {
  const started = performance.now();
  const pools = treePools(t.depth, t.branching);
  const units = pools.units;
  const data = patches.train;
  const mask = treeInhibitionMask(pools);
  const D = tf.variable(
    tf.tidy(() => {
      const d = tf.randomNormal([units, data.features], 0, 1, "float32", seed);
      return tf.div(d, tf.norm(d, 2, 1, true));
    }),
  );
  // S starts as the mask scaled to half the bound, and is learned by ascent within it
  const S = tf.variable(
    tf.tidy(() =>
      tf.mul(mask, t.maxInhibition / 2 / Math.max(1, Math.sqrt(mask.sum().dataSync()[0])))
    ),
  );
  const random = randomStream(seed, "tree-batches");
  const energies: number[] = [];
  try {
    for (let step = 0; step < t.steps; step++) {
      const from = random.int(Math.max(1, data.n - t.batchSize));
      const batch = gatherBatch(data, null, from, Math.min(data.n, from + t.batchSize));
      try {
        const r = await lateralLearningStep(batch.x, D, S, {
          lambda: t.lambda,
          dictionaryRate: t.dictionaryRate,
          inhibitionRate: t.inhibitionRate,
          mask,
          maxInhibition: t.maxInhibition,
          maxIterations: 100,
        });
        energies.push(r.energy);
      } finally {
        batch.x.dispose();
      }
    }
    // check once that inference still converges with the learned S
    const check = gatherBatch(data, null, 0, Math.min(data.n, 50));
    (await inferCodes(check.x, D as unknown as Tensor2D, S as unknown as Tensor2D, {
      lambda: t.lambda,
    })).z.dispose();
    check.x.dispose();
    const atoms = (await D.data()) as Float32Array;
    const { parentChild, otherBranches } = branchSimilarity(atoms, data.features, pools.members);
    const tenth = Math.max(1, Math.floor(energies.length / 10));
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const levels: number[] = [];
    for (let d = 0, w = 1; d < t.depth; d++, w *= t.branching) levels.push(w);
    return {
      atoms,
      levels,
      parentChild,
      otherBranches,
      energy: { first: mean(energies.slice(0, tenth)), last: mean(energies.slice(-tenth)) },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    D.dispose();
    S.dispose();
    mask.dispose();
  }
}

/**
 * Mean |cosine| of parent-child atom pairs and of pairs on different branches.
 *
 * @param atoms [units, features] rows
 * @param features row width
 * @param subtrees each node's sub-tree (`treePools(...).members`)
 */
export function branchSimilarity(
  atoms: Float32Array,
  features: number,
  subtrees: readonly (readonly number[])[],
): { parentChild: number; otherBranches: number } {
  const units = subtrees.length;
  const cos = (a: number, b: number) => {
    let ab = 0, aa = 0, bb = 0;
    for (let i = 0; i < features; i++) {
      const x = atoms[a * features + i], y = atoms[b * features + i];
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    return Math.abs(ab) / Math.sqrt(aa * bb + 1e-30);
  };
  const related = (a: number, b: number) => subtrees[a].includes(b) || subtrees[b].includes(a);
  let pc = 0, npc = 0, other = 0, nother = 0;
  for (let a = 0; a < units; a++) {
    for (let b = a + 1; b < units; b++) {
      if (isChild(subtrees, a, b) || isChild(subtrees, b, a)) {
        pc += cos(a, b);
        npc++;
      } else if (!related(a, b)) {
        other += cos(a, b);
        nother++;
      }
    }
  }
  return { parentChild: npc ? pc / npc : NaN, otherBranches: nother ? other / nother : NaN };
}

/** Whether `child` is a direct child of `parent`: no other node of parent's sub-tree holds it. */
function isChild(subtrees: readonly (readonly number[])[], parent: number, child: number): boolean {
  if (parent === child || !subtrees[parent].includes(child)) return false;
  return subtrees[parent].every((n) => n === parent || n === child || !subtrees[n].includes(child));
}

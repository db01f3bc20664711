/**
 * The steps the peer benchmark compares, one definition per model; the Python side
 * (`bench/peers/torch_steps.py`) has a function of the same name for each.
 *
 * @module
 */
import { drsae } from "../../lib/models/drsae.ts";
import { kSparseAutoencoder } from "../../lib/models/ksparse.ts";
import { walkbackDae } from "../../lib/models/walkback.ts";
import { built, timeFixedPoints, timeTraining, writeParams } from "./timing.ts";
import {
  FIXED_POINT_BATCH,
  FIXED_POINT_ITERATIONS,
  FIXED_POINT_TOLERANCE,
  type StepDefinition,
} from "./types.ts";

/**
 * DrSAE's base learning rate (each matrix's is this times the model's learningRateScale). The
 * paper does not give one; 0.05 is a setting for timing (the check's losses stay finite), not
 * a tuned rate.
 */
const DRSAE_LEARNING_RATE = 0.05;

/**
 * The steps compared. To add one, add an entry here and a function of the same name to STEPS
 * in bench/peers/torch_steps.py.
 */
export const STEPS: readonly StepDefinition[] = [
  {
    id: "ksparse",
    label: "k-sparse 784-1000 k=25 batch 100",
    python: "ksparse",
    pythonArgs: { hidden: 1000, k: 25, batch: 100, lr: 0.01, momentum: 0.9 },
    async ours(s) {
      // Makhzani & Frey: tied weights, Gaussian init std 0.01, zero biases, k fixed at 25.
      const model = built(() =>
        kSparseAutoencoder({ inputs: s.data.features, hidden: 1000, k: 25, seed: s.seed })
      );
      try {
        const params = await writeParams(s.dir, "ksparse", model.params);
        const timed = await timeTraining(model, {
          batchSize: 100,
          learningRate: 0.01,
          momentum: 0.9,
        }, s);
        return { ...timed, params };
      } finally {
        model.dispose();
      }
    },
  },
  {
    id: "drsae",
    label: "DrSAE 784-400 T=11 batch 100, discriminative",
    python: "drsae",
    pythonArgs: {
      hidden: 400,
      classes: 10,
      T: 11,
      batch: 100,
      lr: DRSAE_LEARNING_RATE,
      momentum: 0.9,
    },
    scale: "unit-norm", // Sec. 2: inputs of unit L2 norm
    labels: true,
    async ours(s) {
      // Rolfe & LeCun: the discriminative phase (L^U + L^S), per-matrix learning rates and the
      // norm projections after every step, both applied by train().
      const model = built(() =>
        drsae({ inputs: s.data.features, hidden: 400, classes: 10, steps: 11, seed: s.seed })
      );
      model.setPhase("discriminative");
      try {
        const params = await writeParams(s.dir, "drsae", model.params);
        const timed = await timeTraining(model, {
          batchSize: 100,
          learningRate: DRSAE_LEARNING_RATE,
          momentum: 0.9,
        }, s);
        const c = model.config;
        return {
          ...timed,
          params,
          pythonArgs: {
            lambda: c.lambda,
            normEpsilon: c.normEpsilon,
            learningRateScale: model.learningRateScale,
            bounds: { D: c.decoderBound, E: c.encoderBound, C: c.classifierBound },
          },
        };
      } finally {
        model.dispose();
      }
    },
  },
  {
    id: "walkback",
    label: "walkback DAE 784-500 k=3 sigma=0.5 batch 20",
    python: "walkback",
    pythonArgs: { hidden: 500, k: 3, sigma: 0.5, batch: 20, lr: 0.1, momentum: 0 },
    async ours(s) {
      // Bahdanau & Jaeger, Sec. 5.2-5.3: sigmoid, untied, Glorot init, plain SGD, lr 0.1. The
      // check runs a noise-free twin (sigma 0; same seed, so the same initial weights).
      const make = (sigma: number) =>
        built(() =>
          walkbackDae({ inputs: s.data.features, hidden: 500, sigma, walkbackK: 3, seed: s.seed })
        );
      const model = make(0.5);
      const checkModel = make(0);
      try {
        const params = await writeParams(s.dir, "walkback", model.params);
        const timed = await timeTraining(model, {
          batchSize: 20,
          learningRate: 0.1,
          momentum: 0,
          checkModel,
        }, s);
        return { ...timed, params };
      } finally {
        checkModel.dispose();
        model.dispose();
      }
    },
  },
  {
    id: "fixedpoints",
    label:
      `DAE fixed points 784-500, ${FIXED_POINT_ITERATIONS} iterations (samples x iterations/s)`,
    python: "fixedpoints",
    pythonArgs: { hidden: 500, batch: FIXED_POINT_BATCH, iterations: FIXED_POINT_ITERATIONS },
    rows: (samples) => Math.min(60000, 2 * samples), // 10,000 at the default 5000
    fixedPoints: true,
    tolerance: FIXED_POINT_TOLERANCE,
    async ours(s) {
      // The walkback DAE's r at its initial (Glorot) weights, iterated without noise.
      const model = built(() =>
        walkbackDae({ inputs: s.data.features, hidden: 500, walkbackK: 3, seed: s.seed })
      );
      try {
        const params = await writeParams(s.dir, "fixedpoints", model.params);
        const timed = await timeFixedPoints(model.reconstruct, s);
        return { ...timed, params };
      } finally {
        model.dispose();
      }
    },
  },
];

/** The ids of {@link STEPS}, for `--steps`. */
export const STEP_IDS = STEPS.map((s) => s.id);

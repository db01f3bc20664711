/**
 * The SVM-RBF baseline of the 2007 benchmark sets, the kind of model behind the published
 * errors (Larochelle et al., 2007, with libsvm): scikit-learn's `SVC` (libsvm) with a Gaussian
 * kernel under Debian's `/usr/bin/python3` (`python3-sklearn`), C and gamma chosen on the
 * validation split, the chosen setting refit on train + validation. It is a baseline, not a
 * model of the package, so it runs the maintained implementation rather than one of ours.
 *
 * @module
 */
import type { ArrayData } from "../../lib/data/rows.ts";

/** The interpreter: Debian's, which `python3-sklearn` belongs to ($SVM_PYTHON overrides). */
export const SVM_PYTHON: string = Deno.env.get("SVM_PYTHON") || "/usr/bin/python3";

/** The grid and fitting settings of {@link svmRbf}. */
export interface SvmRbfOptions {
  /** Values of the soft-margin cost C to validate. */
  C: number[];
  /** Multiples of the scale heuristic gamma0 = 1 / (features * Var[x_train]) to validate. */
  gammaScale: number[];
  /**
   * Widening steps: while the best setting lies on an edge of the grid (of more than one
   * value), the grid grows past that edge (C by a factor 10, gamma by 2), at most this many
   * times (default 3; 0 keeps the grid as given).
   */
  widen?: number;
  /** Refit the chosen setting on train + validation before testing (default true). */
  refit?: boolean;
  /** libsvm's kernel cache in MB (default 1000). */
  cacheMb?: number;
  /** Called with each grid point as it is fitted. */
  onGridPoint?: (point: SvmGridPoint) => void;
}

/** One fitted grid point. */
export interface SvmGridPoint {
  /** The cost. */
  C: number;
  /** The multiple of gamma0. */
  gammaScale: number;
  /** Validation error, a fraction. */
  validationError: number;
}

/** What {@link svmRbf} gives. */
export interface SvmRbfResult {
  /** The chosen cost. */
  C: number;
  /** The chosen kernel width parameter gamma (k(x, x') = exp(-gamma ||x - x'||^2)). */
  gamma: number;
  /** The chosen multiple of gamma0. */
  gammaScale: number;
  /** Validation error of the chosen setting (fit on train), a fraction. */
  validationError: number;
  /** Test error of the final fit, a fraction. */
  testError: number;
  /** Training error of the final fit on the training split, a fraction. */
  trainError: number;
  /** Support vectors of the final fit. */
  supportVectors: number;
  /** Every grid point. */
  grid: SvmGridPoint[];
  /** Wall seconds of the whole search and the final fit. */
  seconds: number;
  /** scikit-learn's version. */
  sklearn: string;
}

const MISSING =
  "scikit-learn is missing: apt-get install python3-sklearn (Debian's, for /usr/bin/python3)";

/** Fail with the package to install when the interpreter cannot import scikit-learn. */
export async function checkSvmAvailable(): Promise<void> {
  let ok: boolean;
  try {
    const out = await new Deno.Command(SVM_PYTHON, {
      args: ["-c", "import sklearn.svm"],
      stdout: "null",
      stderr: "null",
    }).output();
    ok = out.success;
  } catch {
    ok = false; // no interpreter at all
  }
  if (!ok) throw new Error(`${MISSING}; ${SVM_PYTHON} cannot import sklearn.svm`);
}

/** The labels of a split as int32, or an error naming the split. */
function labels(name: string, d: ArrayData): Int32Array {
  if (!d.y) throw new Error(`svmRbf: the ${name} split has no labels; the SVM needs them`);
  return Int32Array.from(d.y);
}

/**
 * Fit an SVM with a Gaussian kernel on `train`, choose C and gamma on `validation` (widening
 * the grid past an edge the best lies on), refit on both and report the test error.
 *
 * @param data the three splits, with labels
 * @param options the grid
 * @returns the chosen setting, its errors and the grid
 * @throws Error naming the package to install when scikit-learn is missing, or a split without
 *   labels, before anything is fitted
 */
export async function svmRbf(
  data: { train: ArrayData; validation: ArrayData; test: ArrayData },
  options: SvmRbfOptions,
): Promise<SvmRbfResult> {
  if (!options.C.length || !options.gammaScale.length) {
    throw new Error("svmRbf: the grid needs at least one C and one gammaScale");
  }
  const features = data.train.features;
  for (const [name, d] of Object.entries(data)) {
    if (d.features !== features) {
      throw new Error(
        `svmRbf: the ${name} split has ${d.features} features, the training split ${features}`,
      );
    }
  }
  const ys = {
    train: labels("train", data.train),
    validation: labels("validation", data.validation),
    test: labels("test", data.test),
  };
  await checkSvmAvailable();
  const dir = await Deno.makeTempDir({ prefix: "svm-rbf-" });
  try {
    const spec: Record<string, unknown> = {
      features,
      C: options.C,
      gammaScale: options.gammaScale,
      refit: options.refit ?? true,
      widen: options.widen ?? 3,
      cacheMb: options.cacheMb ?? 1000,
    };
    for (const name of ["train", "validation", "test"] as const) {
      const d = data[name];
      const x = `${dir}/${name}-x.f32`, y = `${dir}/${name}-y.i32`;
      await Deno.writeFile(x, new Uint8Array(d.x.buffer, d.x.byteOffset, d.n * features * 4));
      await Deno.writeFile(y, new Uint8Array(ys[name].buffer));
      spec[name] = { x, y };
    }
    await Deno.writeTextFile(`${dir}/spec.json`, JSON.stringify(spec));
    const url = new URL("./svm_rbf.py", import.meta.url);
    if (url.protocol !== "file:") {
      throw new Error(`svmRbf: ${url} is not a local file; run from a checkout of the package`);
    }
    const script = decodeURIComponent(url.pathname);
    const child = new Deno.Command(SVM_PYTHON, {
      args: [script, `${dir}/spec.json`],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // grid points arrive on stderr, one JSON line each
    const errText: string[] = [];
    const readErr = (async () => {
      let rest = "";
      for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
        rest += chunk;
        const lines = rest.split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) {
          if (line.startsWith("{")) options.onGridPoint?.(JSON.parse(line) as SvmGridPoint);
          else errText.push(line);
        }
      }
      if (rest) errText.push(rest);
    })();
    const stdout = new Response(child.stdout).text();
    const status = await child.status;
    await readErr;
    const text = await stdout;
    if (!status.success) {
      throw new Error(`svmRbf: ${script} failed (exit ${status.code}): ${errText.join("\n")}`);
    }
    return JSON.parse(text) as SvmRbfResult;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

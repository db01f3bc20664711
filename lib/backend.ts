/**
 * The one place that picks and reports the tfjs backend.
 *
 * `auto` prefers WebGPU when the adapter is a real GPU, then wasm, then cpu. An explicit
 * choice always wins; if it cannot start, the error says why and what to do.
 * WebGPU needs Deno's `--unstable-webgpu` flag.
 *
 * @module
 */
import { tf } from "./tf.ts";
import "@tensorflow/tfjs-backend-wasm";
import { setWasmMatMul, wasmMatMul } from "./ops/_kernels/wasm_matmul.ts";
import { blasFailure, loadBlas } from "./ops/_kernels/blas.ts";
import { elementwiseFailure } from "./ops/_kernels/elementwise.ts";
import { setWasmNative, wasmNative } from "./ops/_kernels/wasm_native.ts";
import { setWasmIdentity, wasmIdentityShared } from "./ops/_kernels/wasm_identity.ts";
import "@tensorflow/tfjs-backend-webgpu";

/** Names of the backends the package runs on. */
export type BackendName = "webgpu" | "wasm" | "cpu";

/**
 * The backends in order of preference.
 *
 * @example
 * ```ts
 * import { BACKENDS } from "./backend.ts";
 * console.log(BACKENDS.join(", ")); // webgpu, wasm, cpu
 * ```
 */
export const BACKENDS: readonly BackendName[] = ["webgpu", "wasm", "cpu"];

/** What {@link useBackend} chose and why. */
export interface BackendReport {
  /** The backend now active in tfjs. */
  name: BackendName;
  /** Why it was chosen ("requested", or the reason auto picked it). */
  reason: string;
  /** For WebGPU, the adapter's description (e.g. "llvmpipe" for software Vulkan). */
  adapter?: string;
  /** True when WebGPU runs on a fallback (software) adapter. */
  fallbackAdapter?: boolean;
  /**
   * For wasm, the matrix-product path: "blas (<library>, <n> threads)" when a system BLAS
   * runs through FFI, else "wasm (explicit transposes)", with the reason BLAS is not used, or
   * "tfjs" when {@link KernelOptions} asked for tfjs's own kernels.
   */
  matmul?: string;
  /**
   * For wasm, the sigmoid and DrSAE's recurrence loops: "native (<library>)" when the C
   * kernels of `ops/_kernels/elementwise.ts` compiled, else "wasm" with the reason.
   */
  elementwise?: string;
}

/** Facts about the WebGPU adapter, or why there is none. */
export interface GpuAdapterInfo {
  /** Whether an adapter could be requested at all. */
  available: boolean;
  /** The adapter's description, when there is one. */
  description?: string;
  /** True for software adapters (Mesa's lavapipe). */
  fallback?: boolean;
  /** Why no adapter is available. */
  reason?: string;
}

/**
 * Give Vulkan loaders a private runtime folder when `XDG_RUNTIME_DIR` is unset or not a folder
 * only its owner may use: Mesa prints "error: XDG_RUNTIME_DIR is invalid" otherwise, which
 * reads as a failure though nothing failed.
 */
function privateRuntimeDir(): void {
  if (Deno.build.os === "windows") return;
  try {
    const dir = Deno.env.get("XDG_RUNTIME_DIR");
    if (dir) {
      const info = Deno.statSync(dir);
      if (info.isDirectory && info.mode !== null && (info.mode & 0o077) === 0) return;
    }
    const own = Deno.makeTempDirSync({ prefix: "sparse-ae-runtime-" });
    Deno.chmodSync(own, 0o700);
    Deno.env.set("XDG_RUNTIME_DIR", own);
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(own, { recursive: true });
      } catch { /* already gone */ }
    });
  } catch {
    // without env or write permission, leave the environment as it is
  }
}

/**
 * Ask WebGPU for an adapter and describe it, without touching tfjs.
 *
 * @example
 * ```ts
 * import { probeWebGpu } from "./backend.ts";
 * const info = await probeWebGpu();
 * console.log(info.available ? info.description : info.reason);
 * ```
 */
export async function probeWebGpu(): Promise<GpuAdapterInfo> {
  privateRuntimeDir();
  const gpu = (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu;
  if (!gpu) {
    return {
      available: false,
      reason: "navigator.gpu is missing: run Deno with --unstable-webgpu",
    };
  }
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return { available: false, reason: `requestAdapter failed: ${(e as Error).message}` };
  }
  if (!adapter) {
    return {
      available: false,
      reason:
        "no WebGPU adapter: install a Vulkan driver (Debian: mesa-vulkan-drivers for software Vulkan)",
    };
  }
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const fallback = Boolean(
    info.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter,
  ) || /llvmpipe|lavapipe|swiftshader/i.test(info.description ?? "");
  return { available: true, description: info.description || info.vendor, fallback };
}

/** Options for {@link useBackend}. */
export interface UseBackendOptions {
  /** Print the choice to stderr (default false). */
  report?: boolean;
  /**
   * On wasm, which of the package's own kernels run (see {@link KernelOptions}); by default
   * the fastest that start on this machine. Ignored on the other backends.
   */
  kernels?: KernelOptions;
}

/**
 * Make `choice` the active tfjs backend and report what runs. `auto` picks WebGPU on a real
 * GPU, else wasm, else cpu.
 *
 * @param choice a backend name or "auto" (default)
 * @returns the report of what was chosen
 * @throws Error naming the problem when an explicitly requested backend cannot start
 *
 * @example
 * ```ts
 * import { useBackend } from "./backend.ts";
 * const chosen = await useBackend("cpu");
 * if (chosen.name !== "cpu") throw new Error("explicit choice must win");
 * ```
 */
export async function useBackend(
  choice: BackendName | "auto" = "auto",
  options: UseBackendOptions = {},
): Promise<BackendReport> {
  let report: BackendReport;
  if (choice !== "auto") {
    if (!BACKENDS.includes(choice)) {
      throw new Error(
        `Unknown backend "${choice}": use one of auto, ${BACKENDS.join(", ")}`,
      );
    }
    let gpu: GpuAdapterInfo | undefined;
    if (choice === "webgpu") {
      gpu = await probeWebGpu();
      if (!gpu.available) throw new Error(`Cannot start the webgpu backend: ${gpu.reason}`);
    }
    await activate(choice);
    report = { name: choice, reason: "requested" };
    if (gpu) {
      report.adapter = gpu.description;
      report.fallbackAdapter = gpu.fallback;
    }
  } else {
    const gpu = await probeWebGpu();
    if (gpu.available && !gpu.fallback && await tryActivate("webgpu")) {
      report = {
        name: "webgpu",
        reason: "auto: a hardware GPU adapter is present",
        adapter: gpu.description,
        fallbackAdapter: false,
      };
    } else {
      const why = gpu.available
        ? `auto: WebGPU adapter "${gpu.description}" is software`
        : `auto: ${gpu.reason}`;
      if (await tryActivate("wasm")) report = { name: "wasm", reason: why };
      else {
        await activate("cpu");
        report = { name: "cpu", reason: `${why}; wasm failed to start` };
      }
    }
  }
  if (report.name === "wasm") {
    report.matmul = chooseWasmMatMul(options.kernels ?? {});
    const native = wasmNative();
    report.elementwise = native
      ? `native (${native.library})`
      : `wasm (${elementwiseFailure() || "turned off"})`;
  }
  if (options.report) {
    const extra = report.adapter
      ? ` (adapter: ${report.adapter})`
      : report.matmul
      ? ` (matmul: ${report.matmul}; elementwise: ${report.elementwise})`
      : "";
    console.error(`backend: ${report.name}${extra}, ${report.reason}`);
  }
  return report;
}

function chooseWasmMatMul(kernels: KernelOptions): string {
  let env: string | undefined;
  try {
    env = Deno.env.get("SPARSE_AE_BLAS");
  } catch {
    env = undefined;
  }
  const requested = kernels.matmul ?? (env === "0" ? "transpose" : "blas");
  const wanted = requested === "blas" && env !== "0";
  const blas = wanted ? loadBlas() : null;
  if (blas && setWasmMatMul("blas") === "blas") {
    if (kernels.blasThreads) blas.setThreads(kernels.blasThreads);
    applySwitches(kernels);
    return `blas (${blas.library}, ${blas.threads()} threads)`;
  }
  const mode = requested === "tfjs" ? "tfjs" : "transpose";
  setWasmMatMul(mode);
  applySwitches(kernels);
  if (mode === "tfjs") return "tfjs (its own kernels, as requested)";
  const why = wanted ? blasFailure() : "BLAS turned off";
  return `wasm (explicit transposes; ${why})`;
}

/**
 * Which of the package's own kernels run on the wasm backend. The defaults, which
 * {@link useBackend} picks, are the fastest that start on this machine; benchmarks and tests
 * switch paths with {@link setKernelOptions} and read what is in force with
 * {@link kernelOptions}. Every path gives the same results to float32 rounding.
 *
 * The environment still has its say: `SPARSE_AE_BLAS=0` keeps `useBackend` off the BLAS,
 * `SPARSE_AE_NATIVE=0` keeps the compiled kernels off, and `BLAS_LIBRARY` names the BLAS
 * library to open (a path; default: Debian's libopenblas.so.0, then BLIS and reference BLAS).
 *
 * @example
 * ```ts
 * import { useBackend } from "./backend.ts";
 * // a pure-wasm baseline for a benchmark: no BLAS, no compiled kernels
 * const report = await useBackend("wasm", { kernels: { matmul: "transpose", native: false } });
 * console.log(report.matmul); // "wasm (explicit transposes; BLAS turned off)"
 * console.log(report.elementwise); // "wasm (turned off)"
 * await useBackend("wasm"); // the fastest paths again
 * ```
 */
export interface KernelOptions {
  /**
   * Matrix products on wasm:
   * - `"blas"`: a system BLAS (OpenBLAS) through FFI, in place in wasm memory; also moves Sum
   *   onto the BLAS, updates optimiser state in place, and runs DrSAE's recurrence and losses
   *   as fused kernels. Needs `--allow-ffi` and a CBLAS library; falls back to `"transpose"`
   *   when none opens.
   * - `"transpose"`: a transposed operand is transposed explicitly, then multiplied on tfjs's
   *   plain XNNPACK path (pure wasm, always available).
   * - `"tfjs"`: tfjs's own kernels, every replacement off (Identity copies, no compiled
   *   sigmoid): the reference the fast paths are tested against.
   */
  matmul?: "blas" | "transpose" | "tfjs";
  /** BLAS threads (OpenBLAS); default: the library's own choice. */
  blasThreads?: number;
  /**
   * The sigmoid, its gradient, the row distances and DrSAE's recurrence loops in C, compiled
   * on this machine (needs a C compiler, `--allow-run`, `--allow-ffi`). On by default with the
   * `"blas"` and `"transpose"` products, off with `"tfjs"`.
   */
  native?: boolean;
  /**
   * `tf.clone` (wasm Identity) shares its input's buffer instead of copying it. On by default
   * with the `"blas"` and `"transpose"` products, off with `"tfjs"`.
   */
  sharedIdentity?: boolean;
}

/**
 * Switch the wasm kernels (see {@link KernelOptions}): `matmul` first, which sets the other
 * switches to its defaults, then `native` and `sharedIdentity` where given. Fields left out
 * keep their state. Takes effect for the next kernel run, whichever backend is active.
 *
 * @returns the kernels now in force ({@link kernelOptions}); `matmul` is `"transpose"` where
 *   `"blas"` was asked for and no BLAS opens, `native` false where the C kernels do not compile
 *
 * @example
 * ```ts
 * import { kernelOptions, setKernelOptions, useBackend } from "./backend.ts";
 * await useBackend("wasm");
 * const before = kernelOptions();
 * console.log(setKernelOptions({ matmul: "tfjs" }).matmul); // "tfjs"
 * setKernelOptions({ matmul: "transpose", native: false }); // pure wasm, no compiled kernels
 * setKernelOptions(before); // back to what useBackend chose
 * ```
 */
export function setKernelOptions(options: KernelOptions): Required<KernelOptions> {
  if (options.matmul) setWasmMatMul(options.matmul);
  if (options.blasThreads && wasmMatMul() === "blas") loadBlas()?.setThreads(options.blasThreads);
  applySwitches(options);
  return kernelOptions();
}

function applySwitches(options: KernelOptions): void {
  if (options.native !== undefined) setWasmNative(options.native);
  if (options.sharedIdentity !== undefined) setWasmIdentity(options.sharedIdentity);
}

/**
 * The wasm kernels in force (see {@link KernelOptions}). `blasThreads` is the BLAS's thread
 * count with the `"blas"` products, else 1.
 *
 * @example
 * ```ts
 * import { kernelOptions, useBackend } from "./backend.ts";
 * await useBackend("wasm");
 * const k = kernelOptions();
 * console.log(["blas", "transpose"].includes(k.matmul), typeof k.native); // true "boolean"
 * ```
 */
export function kernelOptions(): Required<KernelOptions> {
  const matmul = wasmMatMul();
  return {
    matmul,
    blasThreads: matmul === "blas" ? loadBlas()?.threads() ?? 1 : 1,
    native: wasmNative() !== null,
    sharedIdentity: wasmIdentityShared(),
  };
}

async function activate(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`Cannot start the ${name} backend: tfjs refused to initialise it`);
  await tf.ready();
}

async function tryActivate(name: BackendName): Promise<boolean> {
  try {
    await activate(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The name of the active backend.
 *
 * @example
 * ```ts
 * import { currentBackend, useBackend } from "./backend.ts";
 * await useBackend("cpu");
 * console.log(currentBackend()); // "cpu"
 * ```
 */
export function currentBackend(): BackendName {
  return tf.getBackend() as BackendName;
}

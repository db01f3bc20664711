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
import { setWasmMatMul } from "./ops/wasm_matmul.ts";
import { blasFailure, loadBlas } from "./native/blas.ts";
import { elementwiseFailure } from "./native/elementwise.ts";
import { wasmNative } from "./ops/wasm_native.ts";
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
   * runs through FFI, else "wasm (explicit transposes)", with the reason BLAS is not used.
   */
  matmul?: string;
  /**
   * For wasm, the sigmoid and DrSAE's recurrence loops: "native (<library>)" when the C
   * kernels of `native/elementwise.ts` compiled, else "wasm" with the reason.
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
   * On wasm, compute matrix products with a system BLAS through FFI when one opens
   * (default true; the environment variable `SPARSE_AE_BLAS=0` also turns it off).
   */
  blas?: boolean;
  /** BLAS threads (OpenBLAS); default: the library's own choice. */
  blasThreads?: number;
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
    report.matmul = chooseWasmMatMul(options);
    const native = wasmNative();
    report.elementwise = native ? `native (${native.library})` : `wasm (${elementwiseFailure()})`;
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

function chooseWasmMatMul(options: UseBackendOptions): string {
  let env: string | undefined;
  try {
    env = Deno.env.get("SPARSE_AE_BLAS");
  } catch {
    env = undefined;
  }
  const wanted = (options.blas ?? true) && env !== "0";
  const blas = wanted ? loadBlas() : null;
  if (blas && setWasmMatMul("blas") === "blas") {
    if (options.blasThreads) blas.setThreads(options.blasThreads);
    return `blas (${blas.library}, ${blas.threads()} threads)`;
  }
  setWasmMatMul("transpose");
  const why = wanted ? blasFailure() : "BLAS turned off";
  return `wasm (explicit transposes; ${why})`;
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

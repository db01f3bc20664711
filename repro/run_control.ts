/**
 * How a script runs on the machine: its output folders checked before any work, and an abort
 * signal for Ctrl-C, SIGTERM and the end of the `deno task` that started it.
 *
 * @module
 */
import { UsageError } from "./usage_error.ts";

/**
 * Check before any work that `dir` is a folder this process can write to, creating it if it is
 * missing; a usage error names the flag, the path and the fix otherwise.
 *
 * @example
 * ```ts
 * import { checkWritableFolder } from "./cli.ts";
 * const file = await Deno.makeTempFile();
 * try {
 *   await checkWritableFolder("out", file);
 * } catch (e) {
 *   console.log((e as Error).message.startsWith("--out")); // true
 * }
 * ```
 */
export async function checkWritableFolder(name: string, dir: string): Promise<void> {
  try {
    const info = await Deno.stat(dir);
    if (!info.isDirectory) {
      throw new UsageError(`--${name} ${dir} is a file, not a folder: pass a folder path`);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new UsageError(
        `--${name} ${dir} cannot be read (${(e as Error).message}): pass another folder`,
      );
    }
  }
  try {
    await Deno.mkdir(dir, { recursive: true });
    const probe = await Deno.makeTempFile({ dir, prefix: ".write-check-" });
    await Deno.remove(probe);
  } catch (e) {
    throw new UsageError(
      `--${name} ${dir} cannot be written (${
        (e as Error).message
      }): pass a folder you can write to`,
    );
  }
}

/**
 * An AbortSignal that fires on Ctrl-C (SIGINT) or SIGTERM, so the trainer stops after the
 * current step and the run can resume from its last checkpoint. A second Ctrl-C exits at once.
 *
 * @example
 * ```ts
 * import { interruptSignal } from "./cli.ts";
 * const { signal, dispose } = interruptSignal();
 * console.log(signal.aborted); // false
 * dispose();
 * ```
 */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) Deno.exit(130);
    console.error("\ninterrupt: stopping after this step; run again to resume");
    controller.abort();
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, handler);
  const watch = watchTaskParent(() => {
    if (controller.signal.aborted) return;
    console.error("\nthe deno task that started this run ended: stopping after this step");
    controller.abort();
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) Deno.removeSignalListener(s, handler);
      clearInterval(watch);
    },
  };
}

/**
 * When this script was started by `deno task`, call `ended` once that process is gone (killed
 * with `kill -9`, say), so the script stops instead of training on as an orphan. A script
 * started otherwise (by a shell, `nohup`) is left alone. Returns the timer to clear.
 */
function watchTaskParent(ended: () => void): ReturnType<typeof setInterval> | undefined {
  if (Deno.build.os !== "linux") return undefined;
  const parent = Deno.ppid;
  let byTask = false;
  try {
    const cmdline = Deno.readTextFileSync(`/proc/${parent}/cmdline`).split("\0");
    byTask = cmdline.some((a) => /(^|\/)deno$/.test(a)) && cmdline.includes("task");
  } catch {
    return undefined;
  }
  if (!byTask) return undefined;
  // the parent's pid as the kernel sees it now (field 4 of /proc/self/stat)
  const currentParent = () => {
    try {
      const stat = Deno.readTextFileSync("/proc/self/stat");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      return parent;
    }
  };
  const timer = setInterval(() => {
    if (currentParent() !== parent) {
      clearInterval(timer);
      ended();
      // a step that does not watch the signal (a probe, an evaluation) must not keep an orphan
      // alive: checkpoints and results are written atomically, so stopping is safe
      const stop = setTimeout(() => Deno.exit(130), 10_000);
      Deno.unrefTimer(stop as unknown as number);
    }
  }, 500);
  Deno.unrefTimer(timer as unknown as number);
  return timer;
}

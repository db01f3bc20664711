/**
 * Progress reporters for the trainer: a terminal line, a live notebook display, or nothing.
 *
 * Every reporter turns a {@link Progress} into the same line of text:
 *
 * ```text
 * ksparse  epoch 3/10  step 120/600  loss 0.01234  val 0.0456  k=40  1234 samples/s  0:01:23 left
 * ```
 *
 * Epochs are shown one-based; `step` appears only during an epoch, `val` only when the epoch has a
 * validation metric, schedule values in the order the trainer gives them, and time left as h:mm:ss.
 *
 * @module
 */
import type { Progress, ProgressReporter } from "../types.ts";

/** Options shared by every reporter: what the line says. */
export interface ProgressFormatOptions {
  /** Text at the start of every line; defaults to the label the trainer passes to `start`. */
  label?: string;
  /** Name printed before the validation metric. Default `"val"`. */
  validationName?: string;
}

/** Options of {@link terminalProgress}. */
export interface TerminalProgressOptions extends ProgressFormatOptions {
  /**
   * Where the text goes. Default: written synchronously to stderr. Receives raw text,
   * including `"\r\x1b[2K"` (rewind and clear the line) in terminal mode and `"\n"` line ends.
   */
  write?: (text: string) => void;
  /** Whether to redraw one line in place. Default `Deno.stderr.isTerminal()`. */
  isTerminal?: boolean;
  /**
   * When not a terminal, the least number of seconds between two lines printed during an epoch.
   * Epoch-end lines are always printed. Default 30.
   */
  intervalSeconds?: number;
  /** In a terminal, the least number of seconds between two redraws of the live line. Default 0.1. */
  refreshSeconds?: number;
  /** Terminal width; live lines are cut to one less. Default: the console size, else no limit. */
  columns?: number;
  /** Clock in milliseconds, for tests. Default `performance.now`. */
  now?: () => number;
}

/** Sends one Jupyter IOPub message; the shape of `Deno.jupyter.broadcast`. */
export type JupyterBroadcast = (
  msgType: string,
  content: Record<string, unknown>,
) => Promise<void>;

/** Options of {@link notebookProgress}. */
export interface NotebookProgressOptions extends ProgressFormatOptions {
  /** Jupyter display id of the live block. Default: a fresh `progress-<uuid>`. */
  displayId?: string;
  /** How many finished epochs the block keeps on show. Default 10. */
  history?: number;
  /** The least number of seconds between two updates during an epoch. Default 0.25. */
  refreshSeconds?: number;
  /**
   * Sends the display messages. Default `Deno.jupyter.broadcast`, which exists only inside the
   * Deno Jupyter kernel; pass one to use the reporter elsewhere (tests, other frontends). A given
   * function is trusted to have sent a message when its promise resolves.
   */
  broadcast?: JupyterBroadcast;
  /** Clock in milliseconds, for tests. Default `performance.now`. */
  now?: () => number;
}

/**
 * A reporter that draws into one Jupyter display and updates it in place. Its methods return
 * promises that never reject. Await `end` (or {@link NotebookProgressReporter.flush}) before the
 * cell ends: a message that reaches the frontend after the cell has finished is not attached to
 * the cell's output, so the display would keep an older state.
 */
export interface NotebookProgressReporter extends ProgressReporter {
  /** The Jupyter display id of the block. */
  readonly displayId: string;
  /** Shows the block with the run's label. */
  start(info: { label: string; epochs: number; steps: number }): Promise<void>;
  /** Updates the live line, at most every `refreshSeconds`. */
  update(p: Progress): Promise<void>;
  /** Adds the epoch's line to the block. */
  epochEnd(p: Progress): Promise<void>;
  /** Replaces the live line by the summary; resolves once every message has been sent. */
  end(summary: string): Promise<void>;
  /** Like `end`, resolves when every display message so far has been sent; rejects if one failed. */
  flush(): Promise<void>;
}

const CLEAR_LINE = "\r\x1b[2K";

/** Formats seconds as h:mm:ss (hours unbounded); `?:??:??` when unknown. */
function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?:??:??";
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** Four significant digits, integers as they are, very small or large numbers in e-notation. */
function formatValue(x: number): string {
  if (Number.isNaN(x)) return "n/a";
  if (!Number.isFinite(x) || Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function formatRate(x: number): string {
  return x >= 100 ? String(Math.round(x)) : String(Number(x.toPrecision(3)));
}

/** The one progress line; `live` adds the step within the epoch. */
function formatLine(
  p: Progress,
  label: string | undefined,
  validationName: string,
  live: boolean,
): string {
  const parts: string[] = [];
  if (label) parts.push(label);
  parts.push(`epoch ${p.epoch + 1}/${p.epochs}`);
  if (live) parts.push(`step ${p.step}/${p.steps}`);
  parts.push(`loss ${formatValue(p.loss)}`);
  if (p.validation !== undefined) parts.push(`${validationName} ${formatValue(p.validation)}`);
  for (const [name, value] of Object.entries(p.values)) parts.push(`${name}=${formatValue(value)}`);
  if (Number.isFinite(p.samplesPerSecond) && p.samplesPerSecond > 0) {
    parts.push(`${formatRate(p.samplesPerSecond)} samples/s`);
  }
  parts.push(`${formatDuration(p.secondsLeft)} left`);
  return parts.join("  ");
}

function writeStderr(text: string): void {
  const bytes = new TextEncoder().encode(text);
  let done = 0;
  while (done < bytes.length) done += Deno.stderr.writeSync(bytes.subarray(done));
}

function stderrColumns(): number | undefined {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return undefined;
  }
}

/**
 * A reporter that writes to stderr (or `options.write`).
 *
 * In a terminal it redraws one line in place during an epoch and leaves a permanent line at each
 * epoch end. Elsewhere (logs, CI) it prints the epoch-end lines, plus at most one line every
 * `intervalSeconds` during long epochs.
 *
 * @example Lines as a log file gets them
 * ```ts
 * import { strictEqual } from "node:assert";
 * import { terminalProgress } from "./progress.ts";
 *
 * const lines: string[] = [];
 * const reporter = terminalProgress({ isTerminal: false, write: (s) => lines.push(s) });
 * reporter.start?.({ label: "ksparse", epochs: 10, steps: 600 });
 * reporter.epochEnd({
 *   epoch: 0, epochs: 10, step: 600, steps: 600, loss: 0.01234, validation: 0.0456,
 *   samplesPerSecond: 1234.5, secondsLeft: 83, values: { k: 40 },
 * });
 * strictEqual(
 *   lines.join(""),
 *   "ksparse  epoch 1/10  loss 0.01234  val 0.0456  k=40  1235 samples/s  0:01:23 left\n",
 * );
 * ```
 *
 * @param options How and where to write.
 * @returns A reporter for the trainer.
 */
export function terminalProgress(options: TerminalProgressOptions = {}): ProgressReporter {
  const write = options.write ?? writeStderr;
  const tty = options.isTerminal ?? Deno.stderr.isTerminal();
  const intervalMs = (options.intervalSeconds ?? 30) * 1000;
  const refreshMs = (options.refreshSeconds ?? 0.1) * 1000;
  const now = options.now ?? (() => performance.now());
  const validationName = options.validationName ?? "val";
  const columns = options.columns ?? (tty ? stderrColumns() : undefined);
  let label = options.label;
  let lastWrite: number | undefined;
  let liveShown = false;

  const fit = (line: string): string =>
    columns !== undefined && columns > 1 && line.length > columns - 1
      ? line.slice(0, columns - 1)
      : line;

  return {
    start(info) {
      label = options.label ?? info.label;
      lastWrite = now();
    },
    update(p) {
      const t = now();
      if (lastWrite === undefined) {
        lastWrite = t;
        if (!tty) return;
      } else if (t - lastWrite < (tty ? refreshMs : intervalMs)) {
        return;
      }
      lastWrite = t;
      const line = formatLine(p, label, validationName, true);
      if (tty) {
        write(CLEAR_LINE + fit(line));
        liveShown = true;
      } else {
        write(line + "\n");
      }
    },
    epochEnd(p) {
      const line = formatLine(p, label, validationName, false);
      write((tty ? CLEAR_LINE : "") + line + "\n");
      liveShown = false;
      lastWrite = now();
    },
    end(summary) {
      write((tty && liveShown ? CLEAR_LINE : "") + (label ? `${label}  ` : "") + summary + "\n");
      liveShown = false;
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** `Deno.jupyter.broadcast` when running in the Deno Jupyter kernel; accessing it elsewhere throws. */
function jupyterBroadcast(): JupyterBroadcast | undefined {
  try {
    const jupyter = Deno.jupyter;
    return typeof jupyter?.broadcast === "function"
      ? (msgType, content) => jupyter.broadcast(msgType, content)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A reporter for Jupyter notebooks on the Deno kernel: one HTML block (with a plain-text
 * fallback) that is shown once and then updated in place.
 *
 * The first message is a Jupyter `display_data` with `transient.display_id`; every later one is an
 * `update_display_data` with the same id, sent through `Deno.jupyter.broadcast`. Messages go out
 * one at a time in order; while one is in flight only the newest pending content is kept.
 * Await `end` (or `flush`) before the cell finishes, or the display may keep an older state.
 *
 * @example Outside Jupyter, with a broadcast function that records the messages
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert";
 * import { notebookProgress } from "./progress.ts";
 *
 * const sent: { type: string; text: string; id: string }[] = [];
 * const reporter = notebookProgress({
 *   displayId: "run-1",
 *   broadcast: (type, content) => {
 *     const data = content.data as Record<string, string>;
 *     const transient = content.transient as { display_id: string };
 *     sent.push({ type, text: data["text/plain"], id: transient.display_id });
 *     return Promise.resolve();
 *   },
 * });
 * await reporter.start({ label: "dae", epochs: 1, steps: 10 });
 * await reporter.epochEnd({
 *   epoch: 0, epochs: 1, step: 10, steps: 10, loss: 0.5,
 *   samplesPerSecond: 50, secondsLeft: 0, values: {},
 * });
 * deepStrictEqual(sent.map((m) => m.type), ["display_data", "update_display_data"]);
 * strictEqual(sent[1].text, "dae  epoch 1/1  loss 0.5  50 samples/s  0:00:00 left");
 * strictEqual(sent[1].id, "run-1");
 * ```
 *
 * @param options What to show and how often; `broadcast` is required outside the Deno kernel.
 * @returns A reporter whose methods resolve once their display messages are sent.
 * @throws {Error} Outside the Deno Jupyter kernel when no `broadcast` is given.
 */
export function notebookProgress(options: NotebookProgressOptions = {}): NotebookProgressReporter {
  if (options.broadcast) return createNotebookProgress(options, options.broadcast, 0);
  const broadcast = jupyterBroadcast();
  if (!broadcast) {
    throw new Error(
      "Notebook progress needs the Deno Jupyter kernel: run it under `deno jupyter` or pass `broadcast`",
    );
  }
  return createNotebookProgress(options, broadcast, KERNEL_SETTLE_MS);
}

/**
 * `Deno.jupyter.broadcast` resolves once a message is queued, not sent: a burst sent just before a
 * cell ends can reach the frontend after the cell's idle status, and nbclient then drops it (seen
 * with Deno 2.9.6). Waiting this long after the last message lets the queue drain.
 */
const KERNEL_SETTLE_MS = 50;

function createNotebookProgress(
  options: NotebookProgressOptions,
  broadcast: JupyterBroadcast,
  settleMs: number,
): NotebookProgressReporter {
  const displayId = options.displayId ?? `progress-${crypto.randomUUID()}`;
  const history = options.history ?? 10;
  const refreshMs = (options.refreshSeconds ?? 0.25) * 1000;
  const now = options.now ?? (() => performance.now());
  const validationName = options.validationName ?? "val";
  let label = options.label;
  let fraction = 0;
  let done: string[] = [];
  let live: string | undefined;
  let lastUpdate: number | undefined;

  // A single sender: one message in flight, only the newest pending content kept.
  let shown = false;
  let pending: Record<string, string> | undefined;
  let inFlight: Promise<void> | undefined;
  let unsettled = false;
  let failure: unknown;

  const pump = async (): Promise<void> => {
    try {
      while (pending) {
        const data = pending;
        pending = undefined;
        const msgType = shown ? "update_display_data" : "display_data";
        shown = true;
        unsettled = true;
        await broadcast(msgType, { data, metadata: {}, transient: { display_id: displayId } });
      }
    } catch (error) {
      // Never reject here: callers may not await, and a lost progress line must not stop training.
      failure ??= error;
      pending = undefined;
    } finally {
      inFlight = undefined;
    }
  };

  const render = (): Promise<void> => {
    const lines = live === undefined ? done : [...done, live];
    const text = lines.join("\n");
    const heading = label ? `<b>${escapeHtml(label)}</b> ` : "";
    const html = `<div class="progress-report">${heading}` +
      `<progress value="${
        fraction.toFixed(4)
      }" max="1" style="width: 16em; vertical-align: middle">` +
      `</progress> ${Math.floor(fraction * 100)}%` +
      `<pre style="margin: 0.3em 0 0 0">${escapeHtml(text)}</pre></div>`;
    pending = { "text/plain": text === "" ? label ?? "" : text, "text/html": html };
    inFlight ??= pump();
    return inFlight;
  };

  const drain = async (): Promise<void> => {
    for (;;) {
      while (inFlight) await inFlight;
      if (!unsettled || settleMs <= 0) return;
      unsettled = false;
      await new Promise((resolve) => setTimeout(resolve, settleMs));
    }
  };

  return {
    displayId,
    start(info) {
      label = options.label ?? info.label;
      lastUpdate = now();
      return render();
    },
    update(p) {
      const t = now();
      if (lastUpdate !== undefined && t - lastUpdate < refreshMs) {
        return inFlight ?? Promise.resolve();
      }
      lastUpdate = t;
      fraction = Math.min(1, (p.epoch + (p.steps > 0 ? p.step / p.steps : 0)) / p.epochs);
      live = formatLine(p, label, validationName, true);
      return render();
    },
    epochEnd(p) {
      lastUpdate = now();
      fraction = Math.min(1, (p.epoch + 1) / p.epochs);
      done = [...done, formatLine(p, label, validationName, false)].slice(-Math.max(1, history));
      live = undefined;
      return render();
    },
    end(summary) {
      live = (label ? `${label}  ` : "") + summary;
      void render();
      return drain();
    },
    async flush() {
      await drain();
      if (failure !== undefined) {
        throw new Error("Could not update the notebook progress display", { cause: failure });
      }
    },
  };
}

/**
 * A reporter that reports nothing.
 *
 * @example
 * ```ts
 * import { silentProgress } from "./progress.ts";
 *
 * const reporter = silentProgress();
 * reporter.update({
 *   epoch: 0, epochs: 1, step: 1, steps: 2, loss: 1,
 *   samplesPerSecond: 10, secondsLeft: 1, values: {},
 * });
 * ```
 *
 * @returns A reporter whose methods do nothing.
 */
export function silentProgress(): ProgressReporter {
  return { update() {}, epochEnd() {} };
}

/**
 * The notebook reporter inside the Deno Jupyter kernel, the terminal reporter everywhere else.
 *
 * @example
 * ```ts
 * import { autoProgress } from "./progress.ts";
 *
 * // Outside `deno jupyter` this is `terminalProgress({ label: "demo" })`.
 * const reporter = autoProgress({ label: "demo" });
 * reporter.start?.({ label: "demo", epochs: 1, steps: 1 });
 * ```
 *
 * @param options The label and the name of the validation metric.
 * @returns {@link notebookProgress} in the Deno Jupyter kernel, else {@link terminalProgress}.
 */
export function autoProgress(options: ProgressFormatOptions = {}): ProgressReporter {
  return jupyterBroadcast() ? notebookProgress(options) : terminalProgress(options);
}

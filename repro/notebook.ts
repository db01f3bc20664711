/**
 * What the notebooks share: the mode they run in (show the committed results, or retrain on a
 * preset), and displays of tables and figures that the Deno Jupyter kernel renders natively
 * (a value with a `Symbol.for("Jupyter.display")` method, as the last expression of a cell).
 *
 * @module
 */
import { Buffer } from "node:buffer";

/** A value the Deno Jupyter kernel displays through its MIME bundle. */
export interface JupyterDisplay {
  /** The MIME bundle: MIME type to content (base64 for images). */
  [key: symbol]: () => Record<string, string>;
}

/** Wrap a MIME bundle so that the kernel displays it. */
export function display(bundle: Record<string, string>): JupyterDisplay {
  return { [Symbol.for("Jupyter.display")]: () => bundle };
}

/**
 * The preset a notebook retrains on, from `REPRO_PRESET`, or `null` when it is unset or
 * `committed`: then the notebook shows the committed results under `results/` instead.
 *
 * @example
 * ```ts
 * import { notebookPreset } from "./notebook.ts";
 * Deno.env.delete("REPRO_PRESET");
 * console.log(notebookPreset()); // null
 * ```
 */
export function notebookPreset(): "smoke" | "quick" | "paper" | null {
  const p = Deno.env.get("REPRO_PRESET") ?? "committed";
  if (p === "committed") return null;
  if (p === "smoke" || p === "quick" || p === "paper") return p;
  throw new Error(`REPRO_PRESET="${p}": use smoke, quick, paper, or committed (the default)`);
}

/**
 * A Markdown display (a table the scripts wrote, or any text).
 *
 * @example
 * ```ts
 * import { markdown } from "./notebook.ts";
 * const d = markdown("| a |\n| - |\n| 1 |");
 * console.log(d[Symbol.for("Jupyter.display")]()["text/markdown"].length); // 17
 * ```
 */
export function markdown(text: string): JupyterDisplay {
  return display({ "text/markdown": text });
}

/**
 * A figure display from SVG text or PNG bytes.
 *
 * @example
 * ```ts
 * import { figure } from "./notebook.ts";
 * const d = figure("<svg></svg>");
 * console.log(Object.keys(d[Symbol.for("Jupyter.display")]())); // ["image/svg+xml"]
 * ```
 */
export function figure(content: string | Uint8Array): JupyterDisplay {
  if (typeof content === "string") return display({ "image/svg+xml": content });
  return display({ "image/png": Buffer.from(content).toString("base64") });
}

/**
 * A committed file shown as it is: a `.md` table as Markdown, a `.svg` or `.png` as a figure.
 *
 * @param path the file (relative to the notebook's folder when run from `notebooks/`)
 */
export async function committed(path: string): Promise<JupyterDisplay> {
  if (path.endsWith(".png")) return figure(await Deno.readFile(path));
  const text = await Deno.readTextFile(path);
  if (path.endsWith(".svg")) return figure(text);
  if (path.endsWith(".md")) return markdown(text);
  throw new Error(`${path}: show a .md table, a .svg or a .png figure`);
}

/** Several displays in one cell, one after another. */
export function displayAll(items: readonly JupyterDisplay[]): Promise<void>[] {
  const jupyter =
    (Deno as unknown as { jupyter?: { display: (b: unknown, o: unknown) => Promise<void> } })
      .jupyter;
  if (!jupyter) return [];
  return items.map((d) => jupyter.display(d[Symbol.for("Jupyter.display")](), { raw: true }));
}

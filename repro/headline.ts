/**
 * The README's headline table: each paper's main rows, the paper's number beside ours, read
 * from the committed results CSVs (never typed in), with the run's length.
 *
 * @module
 */
import { formatMarkdownTable, readResultsCsv } from "../lib/io/table.ts";

/** One headline row: which row of which committed table. */
export interface HeadlineRow {
  /** The paper, as the README names it. */
  paper: string;
  /** What is measured, e.g. "test error %, k = 25". */
  measure: string;
  /** The results CSV, relative to the repository root. */
  csv: string;
  /** The value of the `row` column to take. */
  row: string;
  /** Digits to show. Default 2. */
  digits?: number;
  /** The link target of the paper's results page. */
  page: string;
}

/** The start and end markers of the generated table in the README. */
export const HEADLINE_MARKERS = ["<!-- headline:start -->", "<!-- headline:end -->"] as const;

/** How long the run behind a row trained, from its preset and epoch columns. */
function runLength(r: Record<string, unknown>): string {
  const epochs = r.epochs ?? r.pretrainEpochs;
  const parts = [];
  if (epochs !== null && epochs !== undefined) parts.push(`${epochs} epochs`);
  if (r.fineTuneEpochs) parts.push(`+ ${r.fineTuneEpochs} fine-tuning`);
  const seeds = r.n ?? r.seeds;
  if (typeof seeds === "number") parts.push(seeds === 1 ? "1 seed" : `${seeds} seeds`);
  if (r.preset) parts.push(`preset ${r.preset}`);
  return parts.join(", ");
}

/**
 * The headline rows as Markdown: paper, measure, the paper's value, ours, run, results page.
 *
 * @param rows which rows to show
 * @param root the repository root the CSV paths are relative to
 */
export async function headlineTable(rows: readonly HeadlineRow[], root = "."): Promise<string> {
  const out = [];
  for (const h of rows) {
    const table = await readResultsCsv(`${root}/${h.csv}`);
    const r = table.find((t) => t.row === h.row);
    if (!r) {
      throw new Error(
        `headline: no row "${h.row}" in ${h.csv}; rows there: ${
          table.map((t) => t.row).join(" | ")
        }`,
      );
    }
    const f = (v: unknown) => typeof v === "number" ? v.toFixed(h.digits ?? 2) : "—";
    out.push({
      paper: `[${h.paper}](${h.page})`,
      result: h.measure,
      "the paper": f(r.paper),
      ours: f(r.ours),
      run: runLength(r),
    });
  }
  return formatMarkdownTable(out, { columns: ["paper", "result", "the paper", "ours", "run"] });
}

/**
 * Replace the text between the headline markers of `readme` with `table`.
 *
 * @example
 * ```ts
 * import { replaceHeadline } from "./headline.ts";
 * const text = "a\n<!-- headline:start -->\nold\n<!-- headline:end -->\nb";
 * console.log(replaceHeadline(text, "new").includes("\nnew\n")); // true
 * ```
 */
export function replaceHeadline(readme: string, table: string): string {
  const [start, end] = HEADLINE_MARKERS;
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
  return `${readme.slice(0, i + start.length)}\n${table.trim()}\n${readme.slice(j)}`;
}

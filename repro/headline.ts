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
  /**
   * The same row of other seeds' runs, one CSV each: "ours" is then the mean over `csv` and
   * these, and the run column says how many seeds it averages.
   */
  seeds?: readonly string[];
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
    const found = [];
    for (const csv of [h.csv, ...(h.seeds ?? [])]) found.push(await headlineRow(root, csv, h.row));
    const r = found[0];
    const f = (v: unknown) => typeof v === "number" ? v.toFixed(h.digits ?? 2) : "—";
    let ours: unknown = r.ours;
    let run = runLength(r);
    if (found.length > 1) {
      const values = found.map((x) => x.ours);
      if (values.some((v) => typeof v !== "number")) {
        throw new Error(
          `headline: row "${h.row}" has no number in column "ours" in every one of ` +
            `${[h.csv, ...h.seeds!].join(", ")}; a mean over seeds needs all of them`,
        );
      }
      ours = (values as number[]).reduce((a, b) => a + b, 0) / values.length;
      run = `mean of ${found.length} seeds${r.preset ? `, preset ${r.preset}` : ""}`;
    }
    out.push({
      paper: `[${h.paper}](${h.page})`,
      result: h.measure,
      "the paper": f(r.paper),
      ours: f(ours),
      run,
    });
  }
  return formatMarkdownTable(out, { columns: ["paper", "result", "the paper", "ours", "run"] });
}

/** The row named `row` of a committed CSV, or an error naming the rows there. */
async function headlineRow(
  root: string,
  csv: string,
  row: string,
): Promise<Record<string, unknown>> {
  const table = await readResultsCsv(`${root}/${csv}`);
  const r = table.find((t) => t.row === row);
  if (!r) {
    throw new Error(
      `headline: no row "${row}" in ${csv}; rows there: ${table.map((t) => t.row).join(" | ")}`,
    );
  }
  return r;
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

/**
 * Results tables: the paper's number beside ours, with provenance, written as Markdown (for
 * people) and CSV (for programs) through arquero.
 *
 * Every row needs the columns `row` (what is measured), `paper` (the paper's value, `null`
 * where the paper gives none) and `ours`. Further columns (preset, epochs, seeds, backend,
 * wall time, commit, ...) follow in the order they first appear.
 *
 * @module
 */
// flechette is imported first so that arquero's "^2" resolves to the pinned 2.6.0 (newer
// releases depend on a package the registry used here does not serve); deno.lock keeps it.
import "@uwdata/flechette";
import * as aq from "arquero";
import { fileExists, writeFileAtomic } from "./atomic.ts";
import { recoverResultsFolder, RESULTS_JOURNAL } from "./results_set.ts";

/** One row of a results table: at least `row`, `paper` and `ours`, then any other columns. */
export type ResultsRow = Record<string, unknown>;

/**
 * The columns every results row must have, in the order they are written.
 *
 * @example
 * ```ts
 * import { REQUIRED_COLUMNS } from "./table.ts";
 * console.log(REQUIRED_COLUMNS); // ["row", "paper", "ours"]
 * ```
 */
export const REQUIRED_COLUMNS: readonly string[] = ["row", "paper", "ours"];

/** Options for {@link formatMarkdownTable}. */
export interface MarkdownTableOptions {
  /** Fractional digits for non-integer numbers (default 2). */
  digits?: number;
  /** Fractional digits per column, overriding `digits` (e.g. `{ mse: 4 }`). */
  columnDigits?: Record<string, number>;
  /** Columns to show, in order (default: every column, in order of first appearance). */
  columns?: string[];
  /** Shown for `null`, `undefined` and missing values (default "—"). */
  missing?: string;
}

/** Options for {@link writeResultsTable}. */
export interface ResultsTableOptions extends MarkdownTableOptions {
  /** A heading written above the Markdown table (`# title`). */
  title?: string;
  /** Text written below the Markdown table (sources, caveats). */
  notes?: string;
  /** Require the `row`, `paper` and `ours` columns (default true). */
  requireColumns?: boolean;
}

/** Where {@link writeResultsTable} wrote its files. */
export interface ResultsTablePaths {
  /** The Markdown file, `dir/name.md`. */
  markdown: string;
  /** The CSV file, `dir/name.csv`. */
  csv: string;
}

/** Options for {@link readResultsCsv}. */
export interface ReadResultsOptions {
  /** Columns kept as text even when they look like numbers (default `["row", "commit"]`). */
  text?: string[];
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}

/** Check the required columns and collect all column names in order of first appearance. */
function columnsOf(rows: readonly ResultsRow[], require: boolean): string[] {
  const names: string[] = require ? [...REQUIRED_COLUMNS] : [];
  const seen = new Set(names);
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new TypeError(`Row ${i} is not an object`);
    }
    if (require) {
      const lacking = REQUIRED_COLUMNS.filter((c) => !(c in row));
      if (lacking.length > 0) {
        const label = typeof row.row === "string" ? ` ("${row.row}")` : "";
        throw new Error(
          `Row ${i}${label} lacks the required column${lacking.length > 1 ? "s" : ""} ${
            lacking.join(", ")
          }: every results row needs row, paper and ours (use null for a missing paper value)`,
        );
      }
    }
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  });
  return names;
}

/** Rows with every column present (missing ones as null), in column order. */
function normalise(rows: readonly ResultsRow[], columns: readonly string[]): ResultsRow[] {
  return rows.map((row) => {
    const out: ResultsRow = {};
    for (const c of columns) out[c] = isMissing(row[c]) ? null : row[c];
    return out;
  });
}

function toTable(rows: readonly ResultsRow[], columns: readonly string[]): aq.ColumnTable {
  if (rows.length === 0) {
    const empty: Record<string, unknown[]> = {};
    for (const c of columns) empty[c] = [];
    return aq.table(empty);
  }
  return aq.from(normalise(rows, columns));
}

function formatNumber(value: number, digits: number, integers: boolean): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "−∞";
  if (integers) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 0.5 * 10 ** -digits || abs >= 1e9)) {
    return value.toExponential(Math.max(digits - 1, 1));
  }
  return value.toFixed(digits);
}

function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Stands in for "|" inside cells while the table's lines are split on "|". */
const PIPE = "\uE000";

/** Make a value safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replaceAll("|", PIPE);
}

/**
 * Format rows as a GitHub-flavoured Markdown table. Numbers get `digits` fractional digits,
 * except in columns that hold only integers (epochs, seeds, k), which are shown as they are;
 * very small or very large numbers use exponent notation; `null` and `undefined` show as "—".
 * Number columns are right-aligned. Unlike {@link writeResultsTable}, the `row`, `paper` and
 * `ours` columns are not required, so any list of records can be shown.
 *
 * @param rows the records to show
 * @param options digits, column choice and the text for missing values
 * @returns the table, one line per row, ending with a newline
 *
 * @example
 * ```ts
 * import { formatMarkdownTable } from "./table.ts";
 * const md = formatMarkdownTable([
 *   { row: "MNIST error (%), k=25", paper: 1.35, ours: 1.4123, epochs: 50 },
 *   { row: "MNIST error (%), k=40", paper: null, ours: 1.5, epochs: 50 },
 * ]);
 * if (!md.includes("| 1.41 |") || !md.includes("| — |")) throw new Error(md);
 * ```
 */
export function formatMarkdownTable(
  rows: readonly ResultsRow[],
  options: MarkdownTableOptions = {},
): string {
  const digits = options.digits ?? 2;
  const missing = options.missing ?? "—";
  const all = columnsOf(rows, false);
  const columns = options.columns ?? all;
  if (columns.length === 0) return "";
  const table = toTable(rows, columns);
  const format: Record<string, (value: unknown) => string> = {};
  const align: Record<string, "l" | "c" | "r"> = {};
  for (const c of columns) {
    const values = rows.map((r) => r[c]).filter((v) => !isMissing(v));
    const numeric = values.length > 0 && values.every((v) => typeof v === "number");
    const integers = numeric && values.every((v) => Number.isInteger(v));
    const d = options.columnDigits?.[c] ?? digits;
    align[c] = numeric ? "r" : "l";
    format[c] = (value: unknown): string => {
      if (isMissing(value)) return missing;
      if (typeof value === "number") return cell(formatNumber(value, d, integers));
      return cell(textOf(value));
    };
  }
  const md = table.toMarkdown({ columns, format, align });
  // arquero writes compact `|a|b|`; spaces inside the cells read better in plain text.
  return md
    .trimEnd()
    .split("\n")
    .map((line) => "| " + line.slice(1, -1).split("|").join(" | ") + " |")
    .join("\n")
    .replaceAll(PIPE, "\\|") + "\n";
}

/** CSV text for rows: full-precision numbers, empty cells for missing values. */
function formatCsv(rows: readonly ResultsRow[], columns: readonly string[]): string {
  const format: Record<string, (value: unknown) => unknown> = {};
  for (const c of columns) {
    format[c] = (value: unknown): unknown => {
      if (isMissing(value)) return null;
      if (typeof value === "number" || typeof value === "string") return value;
      return textOf(value);
    };
  }
  const csv = toTable(rows, columns).toCSV({ columns: [...columns], format });
  return csv.endsWith("\n") ? csv : csv + "\n";
}

/**
 * Write a results table as `dir/name.md` and `dir/name.csv`, each atomically. The CSV keeps
 * numbers at full precision; the Markdown rounds them (see {@link formatMarkdownTable}).
 *
 * @param dir the folder, created if needed
 * @param name the file stem (no extension)
 * @param rows one record per measurement, each with `row`, `paper` (or null) and `ours`
 * @param options Markdown number format, title and notes
 * @returns the paths written
 * @throws Error naming the row when a row lacks `row`, `paper` or `ours`
 *
 * @example
 * ```ts
 * import { writeResultsTable } from "./table.ts";
 * const dir = await Deno.makeTempDir();
 * const paths = await writeResultsTable(dir, "ksparse", [
 *   { row: "MNIST error (%), k=25", paper: 1.35, ours: 1.41, preset: "smoke", seeds: "1" },
 * ], { title: "k-sparse autoencoder" });
 * const md = await Deno.readTextFile(paths.markdown);
 * if (!md.startsWith("# k-sparse autoencoder")) throw new Error(md);
 * ```
 */
export async function writeResultsTable(
  dir: string,
  name: string,
  rows: readonly ResultsRow[],
  options: ResultsTableOptions = {},
): Promise<ResultsTablePaths> {
  if (!name || /[\\/]/.test(name)) {
    throw new Error(`Invalid table name "${name}": use a file stem without folders`);
  }
  const columns = columnsOf(rows, options.requireColumns ?? true);
  const chosen = options.columns ?? columns;
  let md = "";
  if (options.title) md += `# ${options.title}\n\n`;
  md += formatMarkdownTable(normalise(rows, columns), { ...options, columns: chosen });
  if (options.notes) md += `\n${options.notes.trimEnd()}\n`;
  const csv = formatCsv(rows, chosen);
  const base = /[\\/]$/.test(dir) ? dir : `${dir || "."}/`;
  const paths = { markdown: `${base}${name}.md`, csv: `${base}${name}.csv` };
  await writeFileAtomic(paths.csv, csv);
  await writeFileAtomic(paths.markdown, md);
  return paths;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function parseCell(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === "") return null;
  if (NUMBER.test(text)) return Number(text);
  if (text === "NaN") return NaN;
  if (text === "Infinity" || text === "+Infinity") return Infinity;
  if (text === "-Infinity") return -Infinity;
  if (text === "true") return true;
  if (text === "false") return false;
  return text;
}

/**
 * Read a CSV written by {@link writeResultsTable} back into rows. Empty cells become `null`,
 * numeric text becomes numbers (except in the `text` columns, so a commit like `1234567`
 * stays a string), `true`/`false` become booleans; dates stay strings.
 *
 * @param path the CSV file
 * @param options columns to keep as text
 * @returns one record per data line, with the header's column names
 *
 * @example
 * ```ts
 * import { readResultsCsv, writeResultsTable } from "./table.ts";
 * const dir = await Deno.makeTempDir();
 * const { csv } = await writeResultsTable(dir, "t", [{ row: "a", paper: null, ours: 0.125 }]);
 * const rows = await readResultsCsv(csv);
 * if (rows[0].paper !== null || rows[0].ours !== 0.125) throw new Error("round trip failed");
 * ```
 */
export async function readResultsCsv(
  path: string,
  options: ReadResultsOptions = {},
): Promise<ResultsRow[]> {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const dir = i < 0 ? "." : path.slice(0, i) || "/";
  if (await fileExists(`${dir}/${RESULTS_JOURNAL}`)) await recoverResultsFolder(dir);
  const text = await Deno.readTextFile(path);
  const keep = new Set(options.text ?? ["row", "commit"]);
  const table = aq.fromCSV(text, { autoType: false });
  const names = table.columnNames();
  return (table.objects() as Record<string, string | null>[]).map((record) => {
    const out: ResultsRow = {};
    for (const c of names) {
      const value = record[c];
      out[c] = keep.has(c)
        ? (value === "" || value === undefined ? null : value)
        : parseCell(value);
    }
    return out;
  });
}

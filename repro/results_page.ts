/**
 * One results page per paper, `results/<paper>/README.md`, generated from the committed tables
 * and metadata: each section's tables (the `.md` files the scripts write, the paper's numbers
 * beside ours), the run's provenance read from its metadata file, and its figures embedded. The
 * hand-written findings below {@link FINDINGS_MARKER} are kept when the page is regenerated.
 *
 * @module
 */
import { fileExists, writeFileAtomic } from "../lib/io/atomic.ts";

/** The line after which a results page is written by hand and kept on regeneration. */
export const FINDINGS_MARKER =
  "<!-- findings: written by hand below this line; `deno task results` keeps it -->";

/** One section of a results page: one run's folder, its tables and figures. */
export interface ResultsSection {
  /** The section's heading. */
  heading: string;
  /** The run's folder, relative to the page's folder (e.g. `mnist`). */
  dir: string;
  /** Table names in `dir` (`table1` for `table1.md`), shown in this order. */
  tables: readonly string[];
  /** Figure files in `dir`, embedded in this order; a missing one is skipped. */
  figures?: readonly string[];
  /** The metadata file in `dir` that holds the run's provenance. Default `metadata.json`. */
  metadata?: string;
  /** A sentence or two shown under the heading, before the tables. */
  intro?: string;
}

/** What a paper's results page shows, in order. */
export interface ResultsPageSpec {
  /** The page title (the paper). */
  title: string;
  /** The paper's citation and where its file lives. */
  citation: string;
  /** How to regenerate the runs on the page. */
  regenerate: string;
  /** The sections, each one run's folder. */
  sections: readonly ResultsSection[];
}

/**
 * The provenance line of a run: preset, epochs, seeds, backend, dataset, wall time, commit. A
 * run over several sets (`extra.sets` in its metadata, as `repro:energy-benchmarks` writes)
 * names those sets instead of the `dataset` flag, which such a run does not read.
 *
 * @example
 * ```ts
 * import { provenance } from "./results_page.ts";
 * console.log(provenance({ preset: "quick", epochs: 10, seeds: [1], backend: "wasm" }));
 * // Preset quick, 10 epochs, seeds 1, backend wasm.
 * console.log(provenance({ preset: "quick", dataset: "mnist", extra: { sets: ["convex"] } }));
 * // Preset quick, sets convex.
 * ```
 */
export function provenance(meta: Record<string, unknown>): string {
  const parts: string[] = [];
  if (meta.preset !== undefined) parts.push(`Preset ${meta.preset}`);
  if (meta.epochs !== undefined) parts.push(`${meta.epochs} epochs`);
  if (Array.isArray(meta.seeds)) parts.push(`seeds ${meta.seeds.join(", ")}`);
  if (meta.backend !== undefined) parts.push(`backend ${meta.backend}`);
  const sets = (meta.extra as { sets?: unknown } | undefined)?.sets;
  if (Array.isArray(sets)) parts.push(`sets ${sets.join(", ")}`);
  else if (meta.dataset !== undefined) parts.push(`dataset ${meta.dataset}`);
  if (typeof meta.wallSeconds === "number") {
    parts.push(`wall time ${(meta.wallSeconds / 60).toFixed(1)} min`);
  }
  if (meta.cpus !== undefined) parts.push(`${meta.cpus} CPUs`);
  if (meta.commit !== undefined) parts.push(`commit ${meta.commit}`);
  if (meta.date !== undefined) parts.push(`${String(meta.date).slice(0, 10)}`);
  return parts.length ? `${parts.join(", ")}.` : "";
}

/** Drop a table file's own `# title` line: the page gives it a heading of its own. */
function tableBody(markdown: string): { title: string; body: string } {
  const lines = markdown.trim().split("\n");
  if (lines[0]?.startsWith("# ")) {
    return { title: lines[0].slice(2), body: lines.slice(1).join("\n").trim() };
  }
  return { title: "", body: lines.join("\n") };
}

async function sectionText(pageDir: string, s: ResultsSection): Promise<string> {
  const out = [`## ${s.heading}`, ""];
  if (s.intro) out.push(s.intro, "");
  const metaPath = `${pageDir}/${s.dir}/${s.metadata ?? "metadata.json"}`;
  if (await fileExists(metaPath)) {
    const meta = JSON.parse(await Deno.readTextFile(metaPath));
    out.push(
      `Run: ${provenance(meta)} Settings: [\`${s.dir}/${
        s.metadata ?? "metadata.json"
      }\`](${s.dir}/${s.metadata ?? "metadata.json"}).`,
      "",
    );
  }
  for (const name of s.tables) {
    const path = `${pageDir}/${s.dir}/${name}.md`;
    if (!(await fileExists(path))) {
      throw new Error(
        `results page: ${path} is missing; run the script that writes it, or drop "${name}" from the page`,
      );
    }
    const { title, body } = tableBody(await Deno.readTextFile(path));
    out.push(
      `### ${title || name}`,
      "",
      `From [\`${s.dir}/${name}.csv\`](${s.dir}/${name}.csv).`,
      "",
      body,
      "",
    );
  }
  for (const f of s.figures ?? []) {
    if (await fileExists(`${pageDir}/${s.dir}/${f}`)) out.push(`![${f}](${s.dir}/${f})`, "");
  }
  return out.join("\n");
}

/**
 * The generated part of a page, from the tables, metadata and figures under `pageDir`.
 *
 * @param pageDir the paper's results folder (e.g. `results/ksparse`)
 * @param spec what the page shows
 */
export async function resultsPageText(pageDir: string, spec: ResultsPageSpec): Promise<string> {
  const parts = [
    `# ${spec.title}`,
    "",
    spec.citation,
    "",
    `Generated from the committed tables and metadata by \`deno task results\`; ${spec.regenerate}`,
    "",
  ];
  for (const s of spec.sections) parts.push(await sectionText(pageDir, s));
  return parts.join("\n");
}

/**
 * Write `pageDir/README.md`: the generated part, then the marker and the findings already
 * written by hand below it (kept as they are).
 *
 * @returns the page's path
 */
export async function writeResultsPage(pageDir: string, spec: ResultsPageSpec): Promise<string> {
  const path = `${pageDir}/README.md`;
  let findings = "\n## Findings\n\n(none written yet)\n";
  if (await fileExists(path)) {
    const old = await Deno.readTextFile(path);
    const at = old.indexOf(FINDINGS_MARKER);
    if (at >= 0) findings = old.slice(at + FINDINGS_MARKER.length);
  }
  const text = `${(await resultsPageText(pageDir, spec)).trimEnd()}\n\n${FINDINGS_MARKER}\n${
    findings.replace(/^\n*/, "\n")
  }`;
  await writeFileAtomic(path, text);
  return path;
}

/**
 * Results output: atomic file writes, results tables (Markdown and CSV through arquero) and
 * run metadata (commit, versions, preset, seeds, backend, wall time).
 *
 * @example
 * ```ts
 * import { runMetadata, writeMetadata, writeResultsTable } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const meta = await runMetadata({
 *   preset: "smoke", epochs: 1, seeds: [1], backend: "cpu", dataset: "mnist", wallSeconds: 0.5,
 * });
 * await writeResultsTable(dir, "ksparse", [
 *   { row: "MNIST error (%), k=25", paper: 1.35, ours: 9.87, commit: meta.commit },
 * ]);
 * await writeMetadata(dir, "ksparse.meta", meta);
 * ```
 *
 * @module
 */
export * from "./atomic.ts";
export * from "./table.ts";
export * from "./metadata.ts";
export { recoverResultsFolder, RESULTS_JOURNAL, writeResultsSet } from "./results_set.ts";

/**
 * The reproductions: each paper's settings, experiment, tables and figures, for the scripts
 * under `scripts/` and the notebooks. Not part of the library (`mod.ts`); import it as the
 * package's `./repro` entry point.
 *
 * @module
 */
export * from "./cli.ts";
export * from "./run_options.ts";
export * from "./ksparse/mod.ts";
export * from "./drsae/mod.ts";
export * from "./idae/idae.ts";
export * from "./idae/idae_tables.ts";
export * from "./idae/idae_figures.ts";
export * from "./idae/idae_run.ts";
export * from "./idae/idae_explosions.ts";
export * from "./idae/idae_seeds.ts";
export * from "./results_page.ts";
export * from "./notebook.ts";
export * from "./pages.ts";
export * from "./headline.ts";

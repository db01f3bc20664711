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
export * from "./idae/mod.ts";
export * from "./energy/mod.ts";
export * from "./group_sparsity/mod.ts";
export * from "./results_page.ts";
export * from "./notebook.ts";
export * from "./pages.ts";
export * from "./headline.ts";

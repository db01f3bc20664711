/**
 * Every paper's results page, by folder under `results/`: what `deno task results` writes.
 *
 * @module
 */
import type { ResultsPageSpec } from "./results_page.ts";

/** The results page of each paper, keyed by its folder under `results/`. */
export const RESULTS_PAGES: Readonly<Record<string, ResultsPageSpec>> = {};

/**
 * Regenerate every paper's results page (`results/<paper>/README.md`) from the committed
 * tables, metadata and figures; the hand-written findings on each page are kept.
 *
 *   deno task results
 *
 * @module
 */
import { writeResultsPage } from "../repro/results_page.ts";
import { RESULTS_PAGES } from "../repro/mod.ts";

for (const [paper, spec] of Object.entries(RESULTS_PAGES)) {
  const path = await writeResultsPage(`results/${paper}`, spec);
  console.error(`results: wrote ${path}`);
}

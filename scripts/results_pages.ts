/**
 * Regenerate every paper's results page (`results/<paper>/README.md`) from the committed
 * tables, metadata and figures, keeping the hand-written findings on each page, and the
 * README's headline table from the committed tables.
 *
 *   deno task results
 *
 * @module
 */
import { writeFileAtomic } from "../lib/io/atomic.ts";
import {
  HEADLINE,
  headlineTable,
  replaceHeadline,
  RESULTS_PAGES,
  writeResultsPage,
} from "../repro/mod.ts";

for (const [paper, spec] of Object.entries(RESULTS_PAGES)) {
  const path = await writeResultsPage(`results/${paper}`, spec);
  console.error(`results: wrote ${path}`);
}
const readme = await Deno.readTextFile("README.md");
await writeFileAtomic("README.md", replaceHeadline(readme, await headlineTable(HEADLINE)));
console.error("results: wrote the headline table of README.md");

import assert from "node:assert/strict";
import { provenance } from "../repro/results_page.ts";

Deno.test("a run's provenance line names its dataset, or its sets when it ran several", () => {
  const base = { preset: "quick", epochs: 10, seeds: [1, 2], backend: "wasm", cpus: 2 };
  assert.equal(
    provenance({ ...base, dataset: "fashion-mnist" }),
    "Preset quick, 10 epochs, seeds 1, 2, backend wasm, dataset fashion-mnist, 2 CPUs.",
  );
  // repro:energy-benchmarks records the unread --dataset default beside the sets it ran
  const benchmarks = { ...base, dataset: "mnist", extra: { sets: ["convex", "mnist-rot"] } };
  assert.equal(
    provenance(benchmarks),
    "Preset quick, 10 epochs, seeds 1, 2, backend wasm, sets convex, mnist-rot, 2 CPUs.",
  );
  assert.equal(provenance({}), "");
});

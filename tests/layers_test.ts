// Imports run one way: data -> models -> train -> eval -> io/plot -> reproductions ->
// scripts and notebooks. This test reads every import of lib/ and repro/ and fails on one that
// points back up the chain.
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { root } from "./test_helpers.ts";

/** Each part of the library and the parts below it it may import. */
const RANK: Record<string, number> = {
  "lib/tf.ts": 0,
  "lib/types.ts": 0,
  "lib/hash.ts": 0,
  "lib/random.ts": 0,
  "lib/data": 1,
  "lib/io": 1,
  "lib/ops": 2,
  "lib/backend.ts": 3,
  "lib/energy": 3,
  "lib/models": 4,
  "lib/train": 5,
  "lib/eval": 6,
  "lib/plot": 7,
  "lib/output.ts": 8,
  "repro": 10,
  "scripts": 11,
  "bench": 11,
};

function partOf(path: string): string | undefined {
  const parts = path.split("/");
  for (const candidate of [parts.slice(0, 2).join("/"), parts[0]]) {
    if (candidate in RANK) return candidate;
  }
  return undefined;
}

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const e of Deno.readDir(join(root, dir))) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) yield* sources(path);
    else if (e.name.endsWith(".ts")) yield path;
  }
}

/** The relative imports of a file's code (not of its doc examples). */
function importsOf(text: string): string[] {
  const code = text.replace(/\/\*\*[\s\S]*?\*\//g, "");
  return [...code.matchAll(/^(?:import|export)(?:[^;]*?from)?\s*"(\.[^"]+)"/gm)].map((m) => m[1]);
}

Deno.test("no module of the library or the reproductions imports back up the chain", async () => {
  const wrong: string[] = [];
  for (const top of ["lib", "repro"]) {
    for await (const file of sources(top)) {
      const from = partOf(file)!;
      for (const spec of importsOf(await Deno.readTextFile(join(root, file)))) {
        const target = relative(root, join(root, dirname(file), spec));
        const to = partOf(target);
        if (to === undefined) continue;
        if (to !== from && RANK[to] > RANK[from]) wrong.push(`${file} imports ${target}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("the layer test sees an upward import", () => {
  const spec = importsOf(
    '/** import { x } from "../../repro/a.ts"; */\nimport { y } from "../repro/b.ts";',
  );
  assert.deepEqual(spec, ["../repro/b.ts"]);
  assert.ok(RANK[partOf("repro/b.ts")!] > RANK[partOf("lib/models/a.ts")!]);
});

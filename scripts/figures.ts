/**
 * Redraw, from the committed tables alone, the figures whose data the tables hold: the
 * run-length trend charts of the k-sparse and iterating-DAE reproductions. Every other figure
 * needs the trained models and is redrawn by its script (`deno task repro:<paper>`).
 *
 *   deno task figures
 *
 * @module
 */
import { readResultsCsv } from "../lib/io/table.ts";
import { writeSvg } from "../lib/plot/svg.ts";
import { ksparseTrendFigure } from "../repro/ksparse/mod.ts";
import { idaeTrendChart, type IdaeTrendSettings } from "../repro/idae/mod.ts";

async function* files(dir: string, pattern: RegExp): AsyncGenerator<string> {
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory) yield* files(`${dir}/${e.name}`, pattern);
    else if (pattern.test(e.name)) yield `${dir}/${e.name}`;
  }
}

let drawn = 0;
for await (const csv of files("results/ksparse", /^trend\.csv$/)) {
  const rows = await readResultsCsv(csv);
  const k = Number(String(rows[0].row).match(/k = (\d+)/)?.[1]);
  const points = rows.map((r) => ({
    epochs: r.epochs as number,
    testError: (r.ours as number) / 100,
    validationError: (r.validation as number) / 100,
    alpha: r.alpha as number,
  }));
  const figure = ksparseTrendFigure(points, k);
  await writeSvg(csv.replace(/trend\.csv$/, figure.file), figure.content as string);
  drawn++;
}
for await (const csv of files("results/idae", /^trend-.*\.csv$/)) {
  const meta = JSON.parse(await Deno.readTextFile(csv.replace(/\.csv$/, "-metadata.json")));
  const spec = meta.extra?.spec as { k: number; sigma: number } | undefined;
  if (!spec) throw new Error(`${csv}: its metadata has no spec (k, sigma): rerun repro:idae-trend`);
  const rows = await readResultsCsv(csv);
  await writeSvg(
    csv.replace(/\.csv$/, ".svg"),
    idaeTrendChart({ spec } as IdaeTrendSettings, rows),
  );
  drawn++;
}
console.error(`figures: redrew ${drawn} trend charts from the committed tables`);

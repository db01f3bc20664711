/**
 * Figures: PNG files (`fast-png`), image grids of learned features and samples
 * ({@link tileImage}, {@link filterGrid}), and SVG charts drawn with Observable Plot (lines,
 * histograms, scatter plots), all written atomically.
 *
 * @example
 * ```ts
 * import { lineChart, writeFilterGridPng, writeSvg } from "./mod.ts";
 * const dir = await Deno.makeTempDir();
 * const w = Float32Array.from({ length: 784 * 9 }, (_, i) => Math.cos(i / 7));
 * await writeFilterGridPng(`${dir}/filters.png`, w, { normalize: "symmetric", scale: 2 });
 * await writeSvg(`${dir}/loss.svg`, lineChart({ series: [{ name: "train", y: [1, 0.5, 0.3] }] }));
 * ```
 *
 * @module
 */
export * from "./png.ts";
export * from "./tiles.ts";
export * from "./filters.ts";
export * from "./svg.ts";

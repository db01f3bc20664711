/**
 * Writing results: tables as Markdown and CSV (through arquero), run metadata, atomic files and
 * result sets written whole or not at all, charts drawn with Observable Plot, PNG files and
 * image grids of learned features. The package's `./output` entry point.
 *
 * @example
 * ```ts
 * import { lineChart, writeResultsSet, writeResultsTable, writeSvg } from "./output.ts";
 * const dir = await Deno.makeTempDir();
 * await writeResultsSet(dir, async () => {
 *   await writeResultsTable(dir, "table1", [{ row: "k = 25", paper: 1.35, ours: 1.41 }]);
 *   await writeSvg(`${dir}/loss.svg`, lineChart({ series: [{ name: "train", y: [1, 0.5] }] }));
 * });
 * ```
 *
 * @module
 */
export {
  fileExists,
  formatMarkdownTable,
  readResultsCsv,
  recoverResultsFolder,
  runMetadata,
  writeFileAtomic,
  writeJsonAtomic,
  writeMetadata,
  writeResultsSet,
  writeResultsTable,
} from "./io/mod.ts";
export type {
  AtomicData,
  FileChunk,
  MarkdownTableOptions,
  ReadResultsOptions,
  ResultsRow,
  ResultsTableOptions,
  ResultsTablePaths,
  RunMetadata,
  RunMetadataFields,
  RunMetadataOptions,
  WriteAtomicOptions,
} from "./io/mod.ts";
export {
  decodePng,
  encodePng,
  filterGrid,
  grayMap,
  histogramChart,
  inRows,
  lineChart,
  scatterChart,
  tileImage,
  writeFilterGridPng,
  writeSvg,
} from "./plot/mod.ts";
export type {
  ChartOptions,
  ColourMap,
  DecodedPngImage,
  EncodePngOptions,
  FilterGridOptions,
  FilterNormalization,
  GrayImage,
  HistogramChartOptions,
  HistogramSeries,
  LineChartOptions,
  PngChannels,
  Rgb,
  ScatterChartOptions,
  Tile,
  TileBars,
  TileImage,
  TileImageOptions,
  XYSeries,
} from "./plot/mod.ts";

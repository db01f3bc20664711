import assert from "node:assert/strict";
import * as zlib from "node:zlib";
import { decode as fastPngDecode } from "fast-png";
import {
  binValues,
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
} from "../lib/plot/mod.ts";

interface Chunk {
  type: string;
  data: Uint8Array;
  crc: number;
  crcInput: Uint8Array;
}

/** Split a PNG into chunks, checking the signature and framing. */
function chunks(png: Uint8Array): Chunk[] {
  assert.deepEqual([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(png.buffer, png.byteOffset, png.length);
  const out: Chunk[] = [];
  let at = 8;
  while (at < png.length) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    out.push({
      type,
      data: png.subarray(at + 8, at + 8 + length),
      crc: view.getUint32(at + 8 + length),
      crcInput: png.subarray(at + 4, at + 8 + length),
    });
    at += 12 + length;
  }
  assert.equal(at, png.length, "chunks end exactly at the end of the file");
  return out;
}

/** Decode one of our PNGs with fast-png, after checking its framing and chunk CRCs. */
function decode(png: Uint8Array) {
  const cs = chunks(png);
  assert.deepEqual([cs[0].type, cs.at(-1)!.type], ["IHDR", "IEND"]);
  assert.ok(cs.some((c) => c.type === "IDAT"));
  for (const c of cs) assert.equal(c.crc, zlib.crc32(c.crcInput), `${c.type} CRC`);
  assert.equal(cs[0].data[8], 8, "bit depth");
  const colorType = cs[0].data[9];
  const back = fastPngDecode(png);
  assert.equal(back.depth, 8);
  const mine = decodePng(png);
  assert.deepEqual(mine.pixels, new Uint8Array(back.data), "decodePng agrees with fast-png");
  return {
    width: back.width,
    height: back.height,
    colorType,
    channels: back.channels,
    pixels: mine.pixels,
  };
}

Deno.test("encodePng writes valid gray, RGB and RGBA images", () => {
  for (const channels of [1, 3, 4] as const) {
    const width = 7, height = 5;
    const pixels = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37) % 256);
    const png = encodePng(width, height, pixels, channels);
    const back = decode(png);
    assert.equal(back.width, width);
    assert.equal(back.height, height);
    assert.equal(back.channels, channels);
    assert.equal(back.colorType, { 1: 0, 3: 2, 4: 6 }[channels]);
    assert.deepEqual(back.pixels, pixels);
  }
  // A 1x1 image is the smallest valid one.
  assert.deepEqual(decode(encodePng(1, 1, new Uint8Array([200]), 1)).pixels, new Uint8Array([200]));
});

Deno.test("encodePng rejects bad sizes and lengths", () => {
  assert.throws(() => encodePng(0, 1, new Uint8Array(0), 1), /Invalid PNG size 0x1/);
  assert.throws(() => encodePng(2.5, 1, new Uint8Array(2), 1), /Invalid PNG size/);
  assert.throws(() => encodePng(2, 2, new Uint8Array(5), 1), /Expected 4 pixel bytes/);
  assert.throws(
    () => encodePng(1, 1, new Uint8Array(2), 2 as unknown as 1),
    /Invalid channel count 2/,
  );
});

/** A [inputs, units] matrix (row-major) whose unit u has pixel i = f(u, i). */
function matrix(inputs: number, units: number, f: (u: number, i: number) => number) {
  const w = new Float32Array(inputs * units);
  for (let i = 0; i < inputs; i++) for (let u = 0; u < units; u++) w[i * units + u] = f(u, i);
  return w;
}

function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c];
  return t;
}

Deno.test("filterGrid lays out tiles with padding and per-filter min-max contrast", () => {
  // Three 2x3 filters: unit u holds values u*10 + i.
  const w = matrix(6, 3, (u, i) => u * 10 + i);
  const g = filterGrid(w, { imageShape: [2, 3], columns: 2, padding: 1, background: 7 });
  assert.equal(g.width, 2 * 3 + 3);
  assert.equal(g.height, 2 * 2 + 3);
  assert.equal(g.pixels.length, g.width * g.height);
  const px = (x: number, y: number) => g.pixels[y * g.width + x];
  // Border and gaps are background.
  for (let x = 0; x < g.width; x++) assert.equal(px(x, 0), 7);
  for (let y = 0; y < g.height; y++) assert.equal(px(4, y), 7);
  // Each filter maps its own [min, max] to [0, 255]: first pixel black, last white.
  const expected = [0, 51, 102, 153, 204, 255];
  for (const [tile, [x0, y0]] of [[0, [1, 1]], [1, [5, 1]], [2, [1, 4]]] as const) {
    const tilePixels = [];
    for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) tilePixels.push(px(x0 + x, y0 + y));
    assert.deepEqual(tilePixels, expected, `tile ${tile}`);
  }
  // The fourth slot is empty.
  assert.equal(px(5, 4), 7);
});

Deno.test("filterGrid: rows layout of the transpose gives the same image", () => {
  const inputs = 28 * 28, units = 10;
  const w = matrix(inputs, units, (u, i) => Math.sin(u + i / 17) * (u + 1));
  const a = filterGrid(w, { layout: "columns" });
  const b = filterGrid(transpose(w, inputs, units), { layout: "rows" });
  assert.equal(a.width, 4 * 28 + 5);
  assert.equal(a.height, 3 * 28 + 4);
  assert.deepEqual(a.pixels, b.pixels);
});

Deno.test("filterGrid: unit selection, count, scale and normalisations", () => {
  const w = matrix(4, 5, (u, i) => (u + 1) * (i - 1)); // unit u: (u+1) * [-1, 0, 1, 2]
  const pick = filterGrid(w, { imageShape: [2, 2], units: [4, 1], columns: 2, padding: 0 });
  const minmax = [0, 85, 170, 255];
  assert.deepEqual([...pick.pixels], [
    minmax[0],
    minmax[1],
    minmax[0],
    minmax[1],
    minmax[2],
    minmax[3],
    minmax[2],
    minmax[3],
  ]);
  const first = filterGrid(w, { imageShape: [2, 2], count: 2, padding: 0 });
  assert.equal(first.width, 4);
  assert.equal(first.height, 2);
  // Symmetric: 0 is mid-gray, -max|w| black, +max|w| white.
  const sym = filterGrid(w, { imageShape: [2, 2], units: [0], padding: 0, normalize: "symmetric" });
  assert.deepEqual([...sym.pixels], [64, 128, 191, 255]);
  // Global: one range for all drawn filters (units 0 and 4 span [-5, 10]).
  const glob = filterGrid(w, {
    imageShape: [2, 2],
    units: [0, 4],
    columns: 2,
    padding: 0,
    normalize: "global",
  });
  assert.equal(glob.pixels[0], Math.round((4 / 15) * 255)); // unit 0 value -1
  assert.equal(glob.pixels[2], 0); // unit 4 value -5
  assert.equal(glob.pixels[7], 255); // unit 4 value 10
  // None: a fixed range, clipped; an inverted range inverts.
  const fixed = filterGrid(new Float32Array([-1, 0, 0.5, 2]), {
    imageShape: [2, 2],
    padding: 0,
    normalize: "none",
  });
  assert.deepEqual([...fixed.pixels], [0, 0, 128, 255]);
  const inverted = filterGrid(new Float32Array([0, 1, 0, 1]), {
    imageShape: [2, 2],
    padding: 0,
    normalize: "none",
    range: [1, 0],
  });
  assert.deepEqual([...inverted.pixels], [255, 0, 255, 0]);
  // Constant and non-finite values.
  const flat = filterGrid(new Float32Array([3, 3, 3, NaN]), { imageShape: [2, 2], padding: 0 });
  assert.deepEqual([...flat.pixels], [128, 128, 128, 0]);
  // Integer upscaling repeats each pixel scale x scale times.
  const big = filterGrid(new Float32Array([0, 1, 2, 3]), {
    imageShape: [2, 2],
    padding: 0,
    scale: 3,
  });
  assert.equal(big.width, 6);
  assert.deepEqual([...big.pixels.subarray(0, 6)], [0, 0, 0, 85, 85, 85]);
  assert.deepEqual([...big.pixels.subarray(12, 18)], [0, 0, 0, 85, 85, 85]);
  assert.deepEqual([...big.pixels.subarray(18, 24)], [170, 170, 170, 255, 255, 255]);
});

Deno.test("filterGrid rejects inconsistent shapes and units", () => {
  assert.throws(
    () => filterGrid(new Float32Array(785)),
    /Cannot split 785 weights into filters of 28x28/,
  );
  assert.throws(() => filterGrid(new Float32Array(0)), /Cannot split 0 weights/);
  assert.throws(
    () => filterGrid(new Float32Array(784 * 2), { units: [2] }),
    /Unit 2 is out of range: there are 2 filters/,
  );
  assert.throws(() => filterGrid(new Float32Array(784), { scale: 1.5 }), /Invalid scale 1.5/);
  assert.throws(() => filterGrid(new Float32Array(784), { columns: 0 }), /Invalid column count 0/);
  assert.throws(
    () => filterGrid(new Float32Array(784), { layout: "cols" as "rows" }),
    /Invalid layout "cols"/,
  );
});

/** Synthetic Gabor-like filters: oriented stripes under a Gaussian window, shape [784, units]. */
function gabors(units: number): Float32Array {
  return matrix(784, units, (u, i) => {
    const y = Math.floor(i / 28) - 13.5, x = (i % 28) - 13.5;
    const theta = (u * Math.PI) / units;
    const freq = 0.15 + 0.1 * (u % 4);
    const cx = ((u * 7) % 11) - 5, cy = ((u * 5) % 9) - 4;
    const r2 = (x - cx) ** 2 + (y - cy) ** 2;
    const proj = x * Math.cos(theta) + y * Math.sin(theta);
    return Math.exp(-r2 / 50) * Math.cos(2 * Math.PI * freq * proj);
  });
}

Deno.test("writeFilterGridPng writes a decodable PNG of the grid", async () => {
  const dir = await Deno.makeTempDir();
  const w = gabors(36);
  const path = `${dir}/figs/filters.png`;
  const grid = await writeFilterGridPng(path, w, {
    normalize: "symmetric",
    scale: 2,
    padding: 2,
    background: 255,
  });
  const back = decode(await Deno.readFile(path));
  assert.equal(back.width, grid.width);
  assert.equal(back.height, grid.height);
  assert.equal(back.width, 2 * (6 * 28 + 7 * 2));
  assert.deepEqual(back.pixels, grid.pixels);
  const keep = Deno.env.get("PLOT_TEST_OUT");
  if (keep) await Deno.copyFile(path, `${keep}/filters.png`);
});

/** Check that tags nest properly and attributes are quoted; returns counts per tag name. */
function wellFormed(svg: string): Map<string, number> {
  assert.ok(svg.startsWith("<svg "), "starts with <svg");
  assert.ok(svg.trimEnd().endsWith("</svg>"), "ends with </svg>");
  const stack: string[] = [];
  const counts = new Map<string, number>();
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(svg))) {
    const between = svg.slice(last, m.index);
    assert.ok(!/[<>]/.test(between), `stray angle bracket in ${JSON.stringify(between)}`);
    last = tag.lastIndex;
    const [, close, name, , selfClose] = m;
    if (close) assert.equal(stack.pop(), name, `closing </${name}>`);
    else {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (!selfClose) stack.push(name);
    }
  }
  assert.equal(svg.slice(last).trim(), "");
  assert.deepEqual(stack, [], "every element is closed");
  assert.ok(!/NaN|Infinity|undefined/.test(svg), "no NaN, Infinity or undefined");
  return counts;
}

const count = (c: Map<string, number>, name: string) => c.get(name) ?? 0;

/**
 * Each series' marks by name: the markup from each `<g ... aria-description="NAME">` up to
 * the next series or the end of the plot (Plot puts facets' groups inside the mark's group).
 */
function seriesMarkup(svg: string): Map<string, string> {
  const out = new Map<string, string>();
  const group =
    /<g [^>]*aria-description="([^"]*)"[^>]*>(.*?)(?=<g [^>]*aria-description=|<\/svg>)/gs;
  for (const [, name, inner] of svg.matchAll(group)) {
    out.set(name, (out.get(name) ?? "") + inner);
  }
  return out;
}

const tags = (markup: string | undefined, name: string) =>
  (markup ?? "").match(new RegExp(`<${name}[ />]`, "g"))?.length ?? 0;

/** The standalone header every chart starts with (panel grids and Jupyter rely on it). */
const HEADER = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="([\d.]+)" height="([\d.]+)"/;

Deno.test("lineChart: one path per series, axes, labels and legend", () => {
  const svg = lineChart({
    title: "Loss <train & valid>",
    xLabel: "epoch",
    yLabel: "MSE",
    series: [
      { name: "train", x: [1, 2, 3, 4, 5], y: [1, 0.5, 0.3, 0.2, 0.15] },
      { name: "valid", x: [1, 2, 3, 4, 5], y: [1.1, 0.6, NaN, 0.3, 0.28] },
      { name: "empty", x: [], y: [] },
    ],
  });
  const c = wellFormed(svg);
  assert.match(svg, HEADER);
  const marks = seriesMarkup(svg);
  assert.equal(tags(marks.get("train"), "path"), 1);
  assert.equal(tags(marks.get("valid"), "path"), 1);
  assert.ok(!marks.has("empty"), "empty series draw no path");
  assert.equal(count(c, "rect"), 1, "the background only");
  assert.equal(count(c, "circle"), 0);
  assert.ok(svg.includes("Loss &lt;train &amp; valid&gt;"));
  for (const label of [">epoch<", ">MSE<", ">train<", ">valid<", ">empty<"]) {
    assert.ok(svg.includes(label), label);
  }
  const legend = svg.match(/<g class="legend".*?<\/g>/s)![0];
  assert.equal(tags(legend, "line"), 3, "a line swatch per series");
  // The NaN breaks the valid line into two pieces.
  const valid = marks.get("valid")!.match(/d="([^"]*)"/)![1];
  assert.equal(valid.match(/M/g)!.length, 2);
  const markers = lineChart({ series: [{ name: "a", y: [1, 2, 3] }], markers: true });
  assert.equal(count(wellFormed(markers), "circle"), 3);
  assert.equal(tags(seriesMarkup(markers).get("a"), "circle"), 3);
});

Deno.test("lineChart with log axes drops non-positive values and has decade ticks", () => {
  const svg = lineChart({
    series: [{ name: "loss", x: [1, 10, 100, 1000], y: [0, 1e-1, 1e-3, 1e-5] }],
    logX: true,
    logY: true,
  });
  wellFormed(svg);
  const d = seriesMarkup(svg).get("loss")!.match(/d="([^"]*)"/)![1];
  assert.equal(d.match(/[ML]/g)!.length, 3, "the zero is left out");
  for (const t of [">1e-5<", ">0.001<", ">0.1<", ">1000<"]) assert.ok(svg.includes(t), t);
  assert.throws(() => lineChart({ series: [], logY: true, yDomain: [0, 1] }), /Invalid y domain/);
});

Deno.test("charts stay finite with empty and constant data", () => {
  const cases = [
    lineChart({ series: [] }),
    lineChart({ series: [{ name: "c", x: [1, 2, 3], y: [5, 5, 5] }] }),
    lineChart({ series: [{ name: "one", x: [0], y: [0] }], logY: true }),
    lineChart({ series: [{ name: "nan", x: [1, 2], y: [NaN, Infinity] }] }),
    scatterChart({ series: [] }),
    scatterChart({ series: [{ name: "p", x: [2], y: [2] }] }),
    scatterChart({ series: [{ name: "zeros", x: [0, 0], y: [0, 0] }], logX: true }),
    histogramChart({ series: [] }),
    histogramChart({ series: [{ name: "e", values: [] }] }),
    histogramChart({ series: [{ name: "c", values: [3, 3, 3] }], bins: 5 }),
    histogramChart({ series: [{ name: "c", values: [0, 0] }], logY: true, density: true }),
    histogramChart({ series: [{ name: "c", values: [1] }], layout: "multiples" }),
  ];
  for (const svg of cases) {
    wellFormed(svg);
    assert.match(svg, HEADER);
  }
  assert.ok(cases[0].includes("no data"));
  assert.ok(!cases[1].includes("no data"));
  assert.ok(cases[3].includes("no data"));
  // A constant series sits in the middle of the plot, inside the axes.
  const y = Number(seriesMarkup(cases[1]).get("c")!.match(/d="M[\d.]+,([\d.]+)/)![1]);
  const plotHeight = Number(cases[1].match(/<svg (?!xmlns)[^>]*\bheight="([\d.]+)"/)![1]);
  assert.ok(y > 0.3 * plotHeight && y < 0.7 * plotHeight, `${y} within ${plotHeight}`);
});

Deno.test("scatterChart: one circle per finite point, rect legend swatches", () => {
  const svg = scatterChart({
    title: "Energy",
    xLabel: "x",
    yLabel: "y",
    series: [
      { name: "a", x: [1, 2, 3, NaN], y: [1, 4, 9, 16] },
      { name: "b", x: [1, 2], y: [2, Infinity], color: "#123456" },
    ],
  });
  const c = wellFormed(svg);
  assert.equal(count(c, "circle"), 4);
  const marks = seriesMarkup(svg);
  assert.equal(tags(marks.get("a"), "circle"), 3);
  assert.equal(tags(marks.get("b"), "circle"), 1);
  assert.equal(count(c, "rect"), 1 + 2, "background and two legend swatches");
  assert.ok(svg.includes('fill="#123456"'));
  assert.throws(
    () => scatterChart({ series: [{ name: "bad", x: [1, 2], y: [1] }] }),
    /Series "bad" has 2 x values but 1 y values/,
  );
});

Deno.test("binValues counts with the last edge inclusive", () => {
  const h = binValues([0, 0.25, 0.5, 0.75, 1, -1, 2, NaN], 4, [0, 1]);
  assert.deepEqual(h.edges, [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(h.counts, [1, 1, 1, 2]);
  assert.equal(h.below, 1);
  assert.equal(h.above, 1);
  assert.deepEqual(binValues([2, 2], 2).edges, [1.5, 2, 2.5]);
  assert.deepEqual(binValues([], 2).edges, [0, 0.5, 1]);
  assert.throws(() => binValues([1], 0), /Invalid bin count 0/);
  assert.throws(() => binValues([1], 2, [1, 0]), /Invalid histogram range/);
});

/** Non-empty bins of `values` on `bins` bins over `range`. */
const filled = (values: ArrayLike<number>, bins: number, range?: [number, number]) =>
  binValues(values, bins, range).counts.filter((n) => n > 0).length;

Deno.test("histogramChart: overlaid bars and small multiples", () => {
  const a = Float32Array.from({ length: 500 }, (_, i) => Math.sin(i) * 2);
  const b = Float32Array.from({ length: 300 }, (_, i) => Math.cos(i * 1.3) + 1);
  const overlay = histogramChart({
    title: "Activations",
    xLabel: "value",
    yLabel: "count",
    bins: 25,
    series: [{ name: "a", values: a }, { name: "b", values: b }],
  });
  let c = wellFormed(overlay);
  const range = [Math.min(...a, ...b), Math.max(...a, ...b)] as [number, number];
  const nonEmpty = filled(a, 25, range) + filled(b, 25, range);
  assert.equal(count(c, "rect"), 1 + nonEmpty + 2, "background, bars, legend swatches");
  assert.ok(overlay.includes('fill-opacity="0.45"'));
  const marks = seriesMarkup(overlay);
  assert.equal(tags(marks.get("a"), "rect"), filled(a, 25, range));
  const bars = [...overlay.matchAll(/<rect (?![^>]*class=)[^>]*>/g)].map((m) => m[0]);
  assert.equal(bars.length, nonEmpty);
  for (const bar of bars) {
    assert.ok(Number(bar.match(/width="([\d.]+)"/)![1]) > 0, bar);
    assert.ok(Number(bar.match(/height="([\d.]+)"/)![1]) >= 0, bar);
  }

  const multiples = histogramChart({
    title: "Per layer",
    bins: 10,
    range: [-2, 3],
    layout: "multiples",
    series: [{ name: "a", values: a }, { name: "b", values: b }, { name: "c", values: [] }],
  });
  c = wellFormed(multiples);
  const inPanels = filled(a, 10, [-2, 3]) + filled(b, 10, [-2, 3]);
  assert.equal(count(c, "rect"), 1 + inPanels, "no legend with small multiples");
  assert.equal(count(c, "svg"), 2, "the document and Plot's plot");
  // One facet per series, each named above its panel, stacked downwards.
  for (const name of [">a<", ">b<", ">c<"]) assert.ok(multiples.includes(name), name);
  const shift = (name: string) =>
    Number(seriesMarkup(multiples).get(name)!.match(/<g transform="translate\(0,([\d.]+)\)"/)![1]);
  assert.equal(shift("a"), 0);
  assert.ok(shift("b") >= 140, `panel b at ${shift("b")}`);
  const height = Number(multiples.match(HEADER)![2]);
  assert.ok(height > 3 * 140, `height ${height}`);

  const log = histogramChart({
    series: [{ name: "a", values: a }],
    bins: 8,
    logY: true,
    density: true,
  });
  c = wellFormed(log);
  assert.equal(count(c, "rect"), 1 + filled(a, 8));
  assert.throws(
    () => histogramChart({ series: [], layout: "grid" as "overlay" }),
    /Invalid layout "grid"/,
  );
});

Deno.test("writeSvg writes atomically and refuses non-SVG text", async () => {
  const dir = await Deno.makeTempDir();
  const svg = histogramChart({ series: [{ name: "x", values: [1, 2, 2, 3] }], bins: 3 });
  await writeSvg(`${dir}/h/hist.svg`, svg);
  assert.equal(await Deno.readTextFile(`${dir}/h/hist.svg`), svg);
  await assert.rejects(writeSvg(`${dir}/x.svg`, "<html></html>"), /not an SVG document/);
  const keep = Deno.env.get("PLOT_TEST_OUT");
  if (keep) {
    await writeSvg(
      `${keep}/line.svg`,
      lineChart({
        title: "Loss",
        xLabel: "epoch",
        yLabel: "MSE",
        logY: true,
        series: [
          { name: "train", x: [1, 2, 3, 4, 5], y: [1, 0.5, 0.3, 0.2, 0.15] },
          { name: "valid", x: [1, 2, 3, 4, 5], y: [1.1, 0.6, 0.4, 0.3, 0.28] },
        ],
        markers: true,
      }),
    );
    await writeSvg(
      `${keep}/hist.svg`,
      histogramChart({
        title: "Activations",
        xLabel: "value",
        yLabel: "count",
        series: [
          { name: "a", values: Float32Array.from({ length: 500 }, (_, i) => Math.sin(i) * 2) },
          {
            name: "b",
            values: Float32Array.from({ length: 300 }, (_, i) => Math.cos(i * 1.3) + 1),
          },
        ],
      }),
    );
  }
});

Deno.test("tileImage: RGB grid with empty cells and per-tile colour maps", () => {
  const img = tileImage([[{ values: [1, 1, 1, 1] }], [null, { values: [0, 0, 0, 0] }]], {
    shape: [2, 2],
    channels: 3,
    background: 7,
  });
  assert.equal(img.width, 7);
  assert.equal(img.height, 7);
  assert.equal(img.channels, 3);
  const at = (
    x: number,
    y: number,
  ) => [...img.pixels.subarray(3 * (y * 7 + x), 3 * (y * 7 + x) + 3)];
  assert.deepEqual(at(0, 0), [7, 7, 7]);
  assert.deepEqual(at(1, 1), [255, 255, 255]);
  assert.deepEqual(at(4, 4), [0, 0, 0]);
  assert.deepEqual(at(1, 4), [7, 7, 7], "the empty cell keeps the background");
  const blue = tileImage([[{ values: [0.5], colour: () => [0, 0, 200] }]], {
    shape: [1, 1],
    channels: 3,
    padding: 0,
    scale: 2,
  });
  assert.deepEqual([...blue.pixels], [0, 0, 200, 0, 0, 200, 0, 0, 200, 0, 0, 200]);
  // Gray output of an RGB colour is the channels' mean.
  const gray = tileImage([[{ values: [0], colour: () => [30, 60, 90] }]], {
    shape: [1, 1],
    padding: 0,
  });
  assert.deepEqual([...gray.pixels], [60]);
  assert.throws(() => tileImage([[{ values: [1, 2, 3] }]], { shape: [2, 2] }), /3 values, not 2x2/);
  assert.throws(() => tileImage([], { channels: 2 as 1 }), /Invalid channel count 2/);
});

Deno.test("tileImage: signed bars, margins and a wider gap after the first column", () => {
  // Each tile scaled by its max |v|, zero mid-gray and positive dark.
  const signed = (v: number[]) => {
    const m = Math.max(...v.map(Math.abs));
    return { values: v, colour: (x: number) => Math.round(128 - 127 * (m > 0 ? x / m : 0)) };
  };
  const img = tileImage([[signed([1, -1, 0, 0]), { ...signed([0, 0, 0, 2]), bar: 1 }]], {
    shape: [2, 2],
    padding: 2,
    margin: [2, 4, 2, 2],
    columnGaps: { 0: 6 },
    background: 255,
    bars: { height: 4, gap: 1 },
  });
  assert.equal(img.width, 2 + 2 + 6 + 2 + 4);
  assert.equal(img.height, 2 + 4 + 1 + 2 + 2);
  const at = (x: number, y: number) => img.pixels[y * img.width + x];
  assert.equal(at(2, 7), 1, "positive is dark");
  assert.equal(at(3, 7), 255, "negative is light");
  assert.equal(at(2, 8), 128, "zero is mid-gray");
  assert.equal(at(2, 2), 255, "a tile without a bar leaves the strip as background");
  assert.equal(at(10, 2), 0, "a full positive bar is black");
  assert.equal(at(11, 5), 0);
  const half = tileImage([[{ values: [0, 0, 0, 0], bar: -0.5 }]], {
    shape: [2, 2],
    padding: 0,
    bars: { height: 1, gap: 0 },
  });
  assert.deepEqual([...half.pixels.subarray(0, 2)], [255, 128], "half a negative bar, then track");
});

Deno.test("inRows and grayMap", () => {
  assert.deepEqual(inRows([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.throws(() => inRows([1], 0), /Invalid column count 0/);
  const g = grayMap(0, 10);
  assert.deepEqual([g(-1), g(0), g(5), g(10), g(NaN)], [0, 0, 128, 255, 0]);
  assert.equal(grayMap(3, 3)(3), 128);
});

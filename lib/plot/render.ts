/**
 * Rendering charts to SVG text in Deno: `@observablehq/plot` draws the plot area (axes, marks,
 * facets) into a virtual DOM from `linkedom`, and {@link figureSvg} frames it in a standalone
 * SVG document (namespace, white background, title, legend) that displays as a file, in a
 * Markdown page and in Jupyter.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

const SVG_NS = "http://www.w3.org/2000/svg";

/** A rough width of one 12px sans-serif character, for sizing the legend. */
const CHAR_WIDTH = 6.5;

/** The document type Plot takes (a DOM `Document`; here linkedom's). */
type PlotDocument = NonNullable<Plot.PlotOptions["document"]>;

/** The parts of a rendered element used here (linkedom implements the DOM's). */
interface RenderedElement {
  tagName: string;
  outerHTML: string;
  querySelectorAll(selector: string): Iterable<{ remove(): void }>;
}

let virtualDocument: PlotDocument | undefined;

/** The one virtual document that plots are built in. */
function plotDocument(): PlotDocument {
  const html = "<!DOCTYPE html><html><body></body></html>";
  virtualDocument ??= (parseHTML(html) as unknown as { document: PlotDocument }).document;
  return virtualDocument;
}

/**
 * Render a plot to SVG markup (an `<svg>` element without namespace, meant to be nested in
 * {@link figureSvg}). Plot's own stylesheet is dropped: its `height: auto` and `max-width`
 * rules would resize a nested `<svg>`.
 *
 * @param options Plot's options, without `document`
 * @returns the `<svg>` element's markup
 * @throws Error when Plot renders a figure (a legend or caption) instead of a bare SVG
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { plotSvg } from "./render.ts";
 * const svg = plotSvg({ width: 200, height: 100, marks: [Plot.dot([[1, 2]])] });
 * if (!svg.startsWith("<svg") || !svg.includes("<circle")) throw new Error(svg);
 * ```
 */
export function plotSvg(options: Plot.PlotOptions): string {
  const el = Plot.plot({ ...options, document: plotDocument() }) as unknown as RenderedElement;
  if (el.tagName.toLowerCase() !== "svg") {
    throw new Error(
      `Plot rendered a <${el.tagName.toLowerCase()}>, not an <svg>: ` +
        "leave out Plot legends, titles and captions (the chart frame draws them)",
    );
  }
  for (const style of [...el.querySelectorAll("style")]) style.remove();
  return shortenCoordinates(el.outerHTML);
}

const GEOMETRY = /\b(d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|viewBox)="([^"]*)"/g;

/** Geometry attributes cut to two decimals (a hundredth of a pixel), for smaller files. */
function shortenCoordinates(markup: string): string {
  return markup.replace(
    GEOMETRY,
    (_, name: string, value: string) => `${name}="${value.replace(/(\d\.\d\d)\d+/g, "$1")}"`,
  );
}

/** Escape text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** A number as an SVG attribute: finite, at most two decimals. */
function n(v: number): string {
  const r = Number.isFinite(v) ? Math.round(v * 100) / 100 : 0;
  return Object.is(r, -0) ? "0" : String(r);
}

/** One legend entry: a series' name and colour. */
export interface LegendEntry {
  /** The series' name. */
  name: string;
  /** Its CSS colour. */
  color: string;
}

/** What {@link figureSvg} frames. */
export interface FigureParts {
  /** Width of the whole image in pixels. */
  width: number;
  /** Height of the whole image in pixels. */
  height: number;
  /** Text above the plot, also the document's `<title>`. */
  title?: string;
  /** Legend entries, drawn right of the plot; none when absent. */
  legend?: LegendEntry[];
  /** A legend swatch is a short line (line charts) or a square (default). */
  swatch?: "line" | "rect";
  /** Draw the plot area from its width and height (e.g. with {@link plotSvg}). */
  plot: (width: number, height: number) => string;
  /** Write "no data" over the plot (nothing could be drawn). */
  empty?: boolean;
}

/**
 * The room {@link figureSvg} leaves for the plot area.
 *
 * @param parts the figure's size, title and legend
 * @returns the plot area's offset and size
 *
 * @example
 * ```ts
 * import { plotArea } from "./render.ts";
 * const a = plotArea({ width: 640, height: 400, title: "t" });
 * if (a.y !== 30 || a.height !== 370 || a.width !== 640) throw new Error(JSON.stringify(a));
 * ```
 */
export function plotArea(
  parts: Pick<FigureParts, "width" | "height" | "title" | "legend">,
): { x: number; y: number; width: number; height: number } {
  const top = parts.title ? 30 : 0;
  const longest = Math.max(0, ...(parts.legend ?? []).map((e) => Math.min(30, e.name.length)));
  const legend = parts.legend?.length ? 24 + longest * CHAR_WIDTH + 16 : 0;
  return {
    x: 0,
    y: top,
    width: Math.max(40, parts.width - legend),
    height: Math.max(40, parts.height - top),
  };
}

function legendSvg(
  entries: LegendEntry[],
  x: number,
  y: number,
  swatch: "line" | "rect",
): string[] {
  const out = [`<g class="legend" font-size="12">`];
  entries.forEach((e, i) => {
    const cy = y + 8 + i * 18;
    const color = escapeXml(e.color);
    out.push(
      swatch === "line"
        ? `<line x1="${n(x)}" y1="${n(cy)}" x2="${n(x + 18)}" y2="${
          n(cy)
        }" stroke="${color}" stroke-width="2"/>`
        : `<rect class="swatch" x="${n(x + 3)}" y="${
          n(cy - 6)
        }" width="12" height="12" fill="${color}"/>`,
    );
    const label = e.name.length > 30 ? e.name.slice(0, 29) + "…" : e.name;
    out.push(`<text x="${n(x + 24)}" y="${n(cy + 4)}">${escapeXml(label)}</text>`);
  });
  out.push("</g>");
  return out;
}

/**
 * A standalone SVG document around a plot area: `xmlns`, size and view box, a `<title>`, a
 * white background, the title text, the plot nested at its offset, the legend at its right.
 * The document starts with `<svg xmlns="http://www.w3.org/2000/svg" width="W" height="H"`.
 *
 * @param parts the size, title, legend and the plot
 * @returns the SVG document
 *
 * @example
 * ```ts
 * import * as Plot from "@observablehq/plot";
 * import { figureSvg, plotSvg } from "./render.ts";
 * const svg = figureSvg({
 *   width: 300,
 *   height: 200,
 *   title: "Points",
 *   legend: [{ name: "a", color: "steelblue" }],
 *   plot: (width, height) => plotSvg({ width, height, marks: [Plot.dot([[1, 2]])] }),
 * });
 * if (!svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="300"')) throw new Error();
 * ```
 */
export function figureSvg(parts: FigureParts): string {
  const { width, height } = parts;
  const area = plotArea(parts);
  const out = [
    `<svg xmlns="${SVG_NS}" width="${n(width)}" height="${n(height)}" ` +
    `viewBox="0 0 ${n(width)} ${n(height)}" font-family="system-ui, sans-serif" color="black">`,
  ];
  if (parts.title) out.push(`<title>${escapeXml(parts.title)}</title>`);
  out.push(`<rect class="background" width="100%" height="100%" fill="white"/>`);
  if (parts.title) {
    out.push(
      `<text x="${n(width / 2)}" y="21" text-anchor="middle" font-size="15" font-weight="bold">` +
        `${escapeXml(parts.title)}</text>`,
    );
  }
  const plot = parts.plot(area.width, area.height);
  // The offset goes last, so that the nested plot never starts with `<svg x=`.
  out.push(plot.replace(/^<svg([^>]*)>/, `<svg$1 x="${n(area.x)}" y="${n(area.y)}">`));
  if (parts.empty) {
    out.push(
      `<text class="no-data" x="${n(area.x + area.width / 2)}" y="${
        n(area.y + area.height / 2)
      }" ` +
        `text-anchor="middle" font-size="12" fill="#999">no data</text>`,
    );
  }
  if (parts.legend?.length) {
    out.push(
      ...legendSvg(parts.legend, area.x + area.width + 8, area.y + 20, parts.swatch ?? "rect"),
    );
  }
  out.push("</svg>");
  return out.join("\n") + "\n";
}

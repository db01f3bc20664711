/**
 * Axis domains and Plot scale options shared by the charts: finite (or positive) extents,
 * checked fixed domains, and axes labelled the same way in every chart.
 *
 * @module
 */
import type * as Plot from "@observablehq/plot";
import type { ChartOptions } from "./chart_types.ts";

/**
 * The finite values' (positive ones' for a log axis) `[min, max]`; undefined when none.
 *
 * @example
 * ```ts
 * import { extent } from "./scales.ts";
 * if (extent([3, NaN, -1, 0], true)?.join() !== "3,3") throw new Error("positive only");
 * ```
 */
export function extent(values: Iterable<number>, log: boolean): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * A fixed domain, checked: finite, increasing, positive on a log axis.
 *
 * @throws Error naming the axis when the domain is invalid
 * @example
 * ```ts
 * import { validDomain } from "./scales.ts";
 * try { validDomain([0, 1], true, "y domain"); throw new Error("accepted"); } catch (e) {
 *   if (!String(e).includes("Invalid y domain")) throw e;
 * }
 * ```
 */
export function validDomain(
  d: [number, number] | undefined,
  log: boolean,
  name: string,
): [number, number] | undefined {
  if (!d) return undefined;
  const [lo, hi] = d;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo >= hi || (log && lo <= 0)) {
    throw new Error(
      `Invalid ${name} [${lo}, ${hi}]: expected finite lo < hi${log ? ", both positive" : ""}`,
    );
  }
  return d;
}

/** How one axis is drawn, before labels. */
export interface AxisSpec {
  /** Logarithmic (base 10). */
  log: boolean;
  /** The domain, data or fixed. */
  domain: [number, number];
  /** Round the domain outwards to ticks (not for fixed domains). */
  nice: boolean;
}

/**
 * The axis of `values`: a fixed domain when given, else the data's extent (positive values
 * on a log axis), `[0, 1]` (`[1, 10]` on a log axis) without data, a constant widened by 10%.
 *
 * @example
 * ```ts
 * import { axisOf } from "./scales.ts";
 * const a = axisOf([0, 0.1, 10], { log: true, nice: true, name: "x domain" });
 * if (a.domain.join() !== "0.1,10") throw new Error(a.domain.join());
 * ```
 */
export function axisOf(
  values: Iterable<number>,
  options: { log?: boolean; domain?: [number, number]; nice: boolean; name: string },
): AxisSpec {
  const log = options.log ?? false;
  const fixed = validDomain(options.domain, log, options.name);
  if (fixed) return { log, domain: fixed, nice: false };
  const data = extent(values, log);
  if (!data) return { log, domain: log ? [1, 10] : [0, 1], nice: options.nice };
  let [lo, hi] = data;
  if (log) return { log, domain: decades(lo, hi), nice: false };
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  return { log, domain: [lo, hi], nice: options.nice };
}

/**
 * `[lo, hi]` widened to whole decades (powers of ten), at least one decade wide.
 *
 * @example
 * ```ts
 * import { decades } from "./scales.ts";
 * if (decades(0.15, 1.1).join() !== "0.1,10") throw new Error("decades");
 * ```
 */
export function decades(lo: number, hi: number): [number, number] {
  const a = 10 ** Math.floor(Math.log10(lo) + 1e-9);
  const b = 10 ** Math.ceil(Math.log10(hi) - 1e-9);
  return [a, b > a ? b : a * 10];
}

/**
 * Ticks of a log axis: every decade (every few when there are many), with 2 and 5 between
 * decades when the axis spans at most 2.5 decades.
 *
 * @example
 * ```ts
 * import { logTicks } from "./scales.ts";
 * if (logTicks([1, 100]).join() !== "1,2,5,10,20,50,100") throw new Error("ticks");
 * ```
 */
export function logTicks([lo, hi]: [number, number]): number[] {
  const l0 = Math.log10(lo), l1 = Math.log10(hi);
  const every = Math.max(1, Math.ceil((l1 - l0) / 8));
  const ticks: number[] = [];
  for (let e = Math.ceil(l0 - 1e-9); e <= Math.floor(l1 + 1e-9); e += every) ticks.push(10 ** e);
  if (l1 - l0 <= 2.5) {
    for (let e = Math.floor(l0) - 1; e <= Math.ceil(l1); e++) {
      for (const m of [2, 5]) {
        const v = m * 10 ** e;
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
      }
    }
  }
  return ticks.sort((a, b) => a - b);
}

/**
 * A log axis' tick label: plain decimals from 0.001 to 99999, else `1e-5` style.
 *
 * @example
 * ```ts
 * import { formatLogTick } from "./scales.ts";
 * if (formatLogTick(1e-5) !== "1e-5" || formatLogTick(0.002) !== "0.002") throw new Error();
 * ```
 */
export function formatLogTick(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e5) return String(Number(v.toPrecision(6)));
  return v.toExponential(0).replace("e+", "e");
}

/** Whether a point can be drawn on these axes: finite, and positive on a log axis. */
export function drawable(v: number, axis: AxisSpec): boolean {
  return Number.isFinite(v) && (!axis.log || v > 0);
}

/**
 * Plot's options for the x and y axes and the margins around the frame, from the chart's
 * labels: labels centred without arrows, a grid across y.
 *
 * @example
 * ```ts
 * import { plotAxes } from "./scales.ts";
 * const o = plotAxes({ xLabel: "epoch" }, { log: false, domain: [0, 1], nice: false },
 *   { log: true, domain: [1, 10], nice: true });
 * if (o.x?.label !== "epoch" || o.y?.type !== "log") throw new Error("axes");
 * ```
 */
export function plotAxes(
  options: ChartOptions,
  x: AxisSpec,
  y: AxisSpec,
): Pick<Plot.PlotOptions, "x" | "y" | "marginLeft" | "marginBottom" | "marginTop" | "marginRight"> {
  const axis = (spec: AxisSpec, label: string | undefined): Plot.ScaleOptions => ({
    type: spec.log ? "log" : "linear",
    domain: spec.domain,
    nice: spec.nice,
    label: label ?? null,
    labelArrow: "none",
    labelAnchor: "center",
    ...(spec.log ? { ticks: logTicks(spec.domain), tickFormat: formatLogTick } : {}),
  });
  return {
    x: axis(x, options.xLabel),
    y: { ...axis(y, options.yLabel), grid: true },
    marginLeft: options.yLabel ? 66 : 50,
    marginBottom: options.xLabel ? 42 : 28,
    marginTop: 14,
    marginRight: 16,
  };
}

/**
 * Small pieces the dashboard's sections share: health badges (an icon and a word, never colour alone),
 * charts drawn by the load report's chart kit, a time axis over the dashboard's span, and number formats.
 *
 * @module
 */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { type Axis, type ChartSpec, emptyChart, renderChart } from "../../load/report/charts.ts";
import { formatClock } from "../../load/report/format.ts";
import type { Health, Span } from "../dashboard_data.ts";

export { millis, percent, stat } from "../dashboard_format.ts";

/** Series colours: Okabe–Ito, which colour-blind readers tell apart; yellow left out for contrast on white. */
export const PALETTE: readonly string[] = [
  "#0072b2",
  "#e69f00",
  "#009e73",
  "#cc79a7",
  "#56b4e9",
  "#d55e00",
  "#332288",
  "#000000",
];

/** Colours with a meaning. */
export const MEANING = {
  objective: "#59636e",
  reference: "#9aa7b4",
  current: "#d55e00",
  low: "#d55e00",
  high: "#0072b2",
} as const;

const ICONS: Record<Health, string> = { ok: "✓", warn: "!", fail: "✗", none: "–" };
const WORDS: Record<Health, string> = { ok: "OK", warn: "At risk", fail: "Failing", none: "No data" };

/**
 * The icon of a health state.
 *
 * @param health the state
 * @returns ✓, !, ✗ or –
 */
export function icon(health: Health): string {
  return ICONS[health];
}

/** A health state as an icon in a coloured disc and a word. */
export function Badge({ health, word }: { health: Health; word?: string | undefined }) {
  return (
    <span class={`badge h-${health}`}>
      <span class="icon" aria-hidden="true">{ICONS[health]}</span>
      <span class="word">{word ?? WORDS[health]}</span>
    </span>
  );
}

/** A chart of the load report's kit, embedded as the markup it renders (it escapes its own text). */
export function Chart({ spec }: { spec: ChartSpec }) {
  return raw(renderChart(spec).value);
}

/** A chart's place when there is nothing to draw. */
export function EmptyChart(props: { id: string; title: string; reason: string }) {
  return raw(emptyChart(props).value);
}

/**
 * An id usable in markup and selectors, from any name.
 *
 * @param parts the name's parts
 * @returns letters, digits, `_` and `-` only
 * @example
 * ```ts
 * import { domId } from "./ui.tsx";
 * import assert from "node:assert/strict";
 * assert.equal(domId("drift", "sentiment", "output:class"), "drift-sentiment-output-class");
 * ```
 */
export function domId(...parts: string[]): string {
  return parts.join("-").replace(/[^A-Za-z0-9_-]+/g, "-");
}

/**
 * The x axis of a chart over the span, in seconds before its end: `−15m` … `now`.
 *
 * @param span the span
 * @returns the axis
 */
export function spanAxis(span: Span): Axis {
  const seconds = (span.until - span.since) / 1000;
  const step = seconds <= 300 ? 60 : seconds <= 900 ? 300 : 900;
  const ticks: number[] = [];
  for (let t = -seconds; t <= 0; t += step) ticks.push(t);
  return {
    scale: "linear",
    min: -seconds,
    max: 0,
    ticks,
    format: (t) => (t === 0 ? "now" : `−${formatClock(-t)}`),
    label: span.label,
  };
}

/**
 * Where a time falls on {@linkcode spanAxis}.
 *
 * @param span the span
 * @param time epoch ms
 * @returns seconds before the span's end (negative)
 */
export function spanX(span: Span, time: number): number {
  return (time - span.until) / 1000;
}

/**
 * How long ago a time was.
 *
 * @param time epoch ms
 * @param now epoch ms
 * @returns e.g. `4 s ago`, `3 min ago`, `2 h ago`
 */
export function ago(time: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - time) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 48 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/**
 * A time of day in UTC.
 *
 * @param time epoch ms
 * @returns `HH:MM:SS UTC`
 */
export function clock(time: number): string {
  return `${new Date(time).toISOString().slice(11, 19)} UTC`;
}

/** A `<time>` element: the readable text, the ISO instant in its attribute and tooltip. */
export function Time({ time, children }: { time: number; children?: Child }) {
  const iso = new Date(time).toISOString();
  return <time datetime={iso} title={iso}>{children}</time>;
}

/** A horizontal bar of a share, with its objective marked. */
export function ShareBar(
  { value, objective, health }: { value: number | null; objective?: number | null; health: Health },
) {
  const width = value === null ? 0 : Math.max(0, Math.min(1, value)) * 100;
  return (
    <span class="sharebar" aria-hidden="true">
      <span class={`fill h-${health}`} style={`width:${width.toFixed(1)}%`}></span>
      {objective === null || objective === undefined
        ? ""
        : <span class="goal" style={`left:${(objective * 100).toFixed(1)}%`}></span>}
    </span>
  );
}

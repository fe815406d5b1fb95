/**
 * The live progress line: rewritten in place on a terminal, printed every few seconds otherwise (CI
 * logs), so a long capacity test is never silent.
 *
 * @module
 */
import type { RunTick } from "./engine.ts";

/** How often a non-terminal run prints a line. */
const PLAIN_EVERY_MS = 5_000;

function clock(ms: number): string {
  const total = ms / 1000;
  const minutes = Math.floor(total / 60);
  const seconds = total - minutes * 60;
  return `${String(minutes).padStart(2, "0")}m${seconds.toFixed(1).padStart(4, "0")}s`;
}

/**
 * Formats one progress line.
 *
 * @param tick the live figures
 * @returns the line
 * @example
 * ```ts
 * import { progressLine } from "./progress.ts";
 * import assert from "node:assert/strict";
 * const line = progressLine({ elapsedMs: 12_345, vus: 10, vusMax: 10, iterations: 1234, interrupted: 0, requests: 2468, failedRequests: 0, p95Ms: 12.34 } as never);
 * assert.equal(line, "running (00m12.3s), 10/10 VUs, 1234 complete and 0 interrupted iterations, 199.9 req/s, 0.00% errors, p95=12.34ms");
 * ```
 */
export function progressLine(tick: RunTick): string {
  const seconds = tick.elapsedMs / 1000;
  const rate = seconds > 0 ? tick.requests / seconds : 0;
  const errors = tick.requests > 0 ? (100 * tick.failedRequests) / tick.requests : 0;
  const p95 = Number.isFinite(tick.p95Ms) ? `${tick.p95Ms.toFixed(2)}ms` : "-";
  return `running (${
    clock(tick.elapsedMs)
  }), ${tick.vus}/${tick.vusMax} VUs, ${tick.iterations} complete and ` +
    `${tick.interrupted} interrupted iterations, ${rate.toFixed(1)} req/s, ${
      errors.toFixed(2)
    }% errors, p95=${p95}`;
}

/** A progress reporter for stderr. */
export function progressReporter(
  isTerminal: boolean,
  write: (text: string) => void,
): { tick(t: RunTick): void; done(): void } {
  let lastPlain = 0;
  let drawn = false;
  return {
    tick(t) {
      if (isTerminal) {
        write(`\r\x1b[2K${progressLine(t)}`);
        drawn = true;
      } else if (t.elapsedMs - lastPlain >= PLAIN_EVERY_MS) {
        lastPlain = t.elapsedMs;
        write(`${progressLine(t)}\n`);
      }
    },
    done() {
      if (drawn) write("\n");
    },
  };
}

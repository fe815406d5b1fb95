/**
 * Timing of server-sent event streams — what LLM endpoints are judged by: time to the first event and
 * the gaps between events, as the bytes arrive.
 *
 * @module
 */

/**
 * Times the events of a server-sent event stream as its bytes arrive: an event ends at a blank line
 * (`\n\n`, carriage returns ignored). Events that arrive in one read share its arrival time — that is
 * what the client saw.
 *
 * @example
 * ```ts
 * import { EventTimer } from "./event_timer.ts";
 * import assert from "node:assert/strict";
 * const timer = new EventTimer(performance.now());
 * timer.onBody(new TextEncoder().encode("data: a\n\ndata: b\n\n"));
 * assert.ok(timer.firstMs !== null && timer.firstMs >= 0);
 * assert.deepEqual(timer.gapsMs, [0]);
 * ```
 */
export class EventTimer {
  /** Time from the request's start to the first complete event, ms; null when none arrived. */
  firstMs: number | null = null;
  /** Times between consecutive events, ms. */
  readonly gapsMs: number[] = [];
  #lastNewline = false;
  #last = 0;

  /**
   * Starts timing.
   *
   * @param start `performance.now()` when the request started
   */
  constructor(readonly start: number) {}

  /** Feeds one piece of the body. */
  readonly onBody = (chunk: Uint8Array): void => {
    let now = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (byte === 13) continue;
      if (byte !== 10) {
        this.#lastNewline = false;
        continue;
      }
      if (this.#lastNewline) {
        if (now === 0) now = performance.now();
        if (this.firstMs === null) this.firstMs = now - this.start;
        else this.gapsMs.push(now - this.#last);
        this.#last = now;
        this.#lastNewline = false;
      } else {
        this.#lastNewline = true;
      }
    }
  };
}

/**
 * Timing of server-sent event streams — what LLM endpoints are judged by: time to the first event and
 * the gaps between events, as the bytes arrive.
 *
 * @module
 */

/** "data", the field whose lines make an event (the spec dispatches only events with data). */
const DATA = [100, 97, 116, 97];

/**
 * Times the events of a server-sent event stream as its bytes arrive: an event ends at a blank line, and
 * counts only if it had a `data` field, as the SSE spec (WHATWG HTML) dispatches events — a `: ping`
 * keep-alive comment, or an event with only `id:`/`event:`/`retry:`, is not a token. Carriage returns are
 * ignored. Events that arrive in one read share its arrival time — that is what the client saw.
 *
 * @example
 * ```ts
 * import { EventTimer } from "./event_timer.ts";
 * import assert from "node:assert/strict";
 * const timer = new EventTimer(performance.now());
 * timer.onBody(new TextEncoder().encode(": keep-alive\n\ndata: a\n\ndata: b\n\n"));
 * assert.ok(timer.firstMs !== null && timer.firstMs >= 0);
 * assert.deepEqual(timer.gapsMs, [0], "the comment is not an event");
 * ```
 */
export class EventTimer {
  /** Time from the request's start to the first complete event, ms; null when none arrived. */
  firstMs: number | null = null;
  /** Times between consecutive events, ms. */
  readonly gapsMs: number[] = [];
  /** Bytes of the current line so far (carriage returns aside). */
  #column = 0;
  /** The current line still reads as the `data` field's name. */
  #dataSoFar = true;
  /** The current event has a `data` line. */
  #hasData = false;
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
        const column = this.#column++;
        if (this.#dataSoFar) {
          if (column < 4) this.#dataSoFar = byte === DATA[column];
          else if (column === 4) {
            if (byte === 58) this.#hasData = true; // "data:"
            this.#dataSoFar = false;
          }
        }
        continue;
      }
      // End of a line: "data" alone is a data field too (with an empty value).
      if (this.#column === 4 && this.#dataSoFar) this.#hasData = true;
      if (this.#column === 0 && this.#hasData) {
        if (now === 0) now = performance.now();
        if (this.firstMs === null) this.firstMs = now - this.start;
        else this.gapsMs.push(now - this.#last);
        this.#last = now;
        this.#hasData = false;
      } else if (this.#column === 0) {
        this.#hasData = false; // a blank line ends an event without data: nothing dispatched
      }
      this.#column = 0;
      this.#dataSoFar = true;
    }
  };
}

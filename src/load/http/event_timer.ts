/**
 * Timing of server-sent event streams — what LLM endpoints are judged by: time to the first event and
 * the gaps between events, as the bytes arrive.
 *
 * @module
 */

/** UTF-8's byte-order mark, which the spec strips from the start of a stream. */
const BOM = [0xef, 0xbb, 0xbf];

/** "data", the field whose lines make an event (the spec dispatches only events with data). */
const DATA = [100, 97, 116, 97];

/**
 * Times the events of a server-sent event stream as its bytes arrive: an event ends at a blank line, and
 * counts only if it had a `data` field, as the SSE spec (WHATWG HTML) dispatches events — a `: ping`
 * keep-alive comment, or an event with only `id:`/`event:`/`retry:`, is not a token. Lines end in CRLF,
 * LF or CR, and a leading byte-order mark is skipped, as the spec reads a stream. Events that arrive in
 * one read share its arrival time — that is what the client saw.
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
  /** The last byte was a CR: an LF right after it ends no second line. */
  #afterCr = false;
  /** Bytes of a leading byte-order mark (EF BB BF) matched so far; −1 once past it. */
  #bom = 0;
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
      if (this.#bom >= 0) {
        if (byte === BOM[this.#bom]) {
          if (++this.#bom === 3) this.#bom = -1;
          continue;
        }
        if (this.#bom > 0) {
          // A partial mark was the start of an ordinary first line, which cannot be "data".
          this.#column = this.#bom;
          this.#dataSoFar = false;
        }
        this.#bom = -1;
      }
      const afterCr = this.#afterCr;
      this.#afterCr = byte === 13;
      if (byte === 10 && afterCr) continue; // the LF of a CRLF
      if (byte !== 10 && byte !== 13) {
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

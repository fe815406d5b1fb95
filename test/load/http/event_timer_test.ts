/** EventTimer counts the events the SSE spec dispatches: blank-line-terminated, with a `data` field. */
import assert from "assert";
import { EventTimer } from "../../../src/load/http/event_timer.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

function events(...chunks: string[]): number {
  const timer = new EventTimer(performance.now());
  for (const chunk of chunks) timer.onBody(bytes(chunk));
  return timer.firstMs === null ? 0 : timer.gapsMs.length + 1;
}

Deno.test("EventTimer skips keep-alive comments and events without data, as the SSE spec does", () => {
  assert.equal(events(": ping\n\n"), 0, "a comment is not an event");
  assert.equal(events("id: 7\nevent: tick\n\n"), 0, "no data field: nothing dispatched");
  assert.equal(events("retry: 100\n\n: ping\n\ndata: a\n\n"), 1);
  assert.equal(events("datum: x\n\n", "database: y\n\n"), 0, "only the field named data counts");
  assert.equal(events("data\n\n"), 1, "a bare data line is a field with an empty value");
  assert.equal(events("data:\n\n"), 1);
});

Deno.test("EventTimer counts events split across reads and with CRLF line ends", () => {
  assert.equal(events("da", "ta: a\n", "\ndata: b\r\n\r\n", "data: c\n\n"), 3);
  assert.equal(events("event: x\ndata: 1\ndata: 2\n\n"), 1, "several data lines make one event");
});

Deno.test("EventTimer times the first event from the request's start, not a keep-alive before it", async () => {
  const start = performance.now();
  const timer = new EventTimer(start);
  timer.onBody(bytes(": ping\n\n"));
  await new Promise((resolve) => setTimeout(resolve, 30));
  timer.onBody(bytes("data: first\n\n"));
  assert.ok(timer.firstMs !== null && timer.firstMs >= 25, String(timer.firstMs));
  assert.deepEqual(timer.gapsMs, []);
});

Deno.test("EventTimer reads bare CR line ends and skips a leading byte-order mark, as the spec does", () => {
  assert.equal(events("data: a\r\rdata: b\r\r"), 2);
  assert.equal(events("\u{feff}data: a\n\ndata: b\n\n"), 2, "the mark is not part of the first field's name");
  assert.equal(events("\u{feff}", "data: a\n\n"), 1, "a mark in a read of its own");
});

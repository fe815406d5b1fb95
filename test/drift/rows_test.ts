import assert from "assert";
import { readRows, RowError, TooLargeError } from "../../src/drift/rows.ts";

function stream(text: string, chunk = 3): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

async function rows(text: string, format: "json" | "ndjson" | "csv", maxBytes = 1e6) {
  return await Array.fromAsync(readRows(stream(text), format, { maxBytes }));
}

Deno.test("readRows() reads NDJSON line by line from small chunks, skipping blank lines", async () => {
  const read = await rows('{"a":1}\n\n{"a":"é"}\r\n{"a":null}', "ndjson");
  assert.deepEqual(read.map((row) => [row.index, row.line, row.values]), [
    [1, 1, { a: 1 }],
    [2, 3, { a: "é" }],
    [3, 4, { a: null }],
  ]);
  assert.ok(read.every((row) => !row.text));
});

Deno.test("readRows() reads CSV against its header, trimming names and a byte-order mark", async () => {
  const read = await rows("\uFEFFage , city\n31,Oslo\n,Bergen\n", "csv");
  assert.deepEqual(read.map((row) => row.values), [{ age: "31", city: "Oslo" }, { age: "", city: "Bergen" }]);
  assert.ok(read.every((row) => row.text));
});

Deno.test("readRows() reads a JSON array or { rows }", async () => {
  assert.equal((await rows('[{"a":1},{"a":2}]', "json")).length, 2);
  assert.equal((await rows('{"rows":[{"a":1}]}', "json")).length, 1);
});

Deno.test("readRows() refuses what is not rows of the format", async () => {
  const cases: [string, "json" | "ndjson" | "csv", RegExp][] = [
    ['{"a":1}\n[1]', "ndjson", /^Invalid line 2: expected a JSON object$/],
    ['{"a":1', "ndjson", /^Invalid line 1: expected a JSON object/],
    ['{"a":1}', "json", /^Invalid body: expected a JSON array of rows/],
    ["[1]", "json", /^Invalid row 1: expected an object$/],
    ["a,a\n1,2", "csv", /^Invalid CSV header: column "a" appears twice$/],
    ["a,\n1,2", "csv", /^Invalid CSV header: an empty column name$/],
    ["a,b\n1,2,3", "csv", /^Invalid CSV line 2: expected 2 fields as in the header, got 3$/],
  ];
  for (const [text, format, message] of cases) {
    await assert.rejects(
      rows(text, format),
      (error: Error) => error instanceof RowError && message.test(error.message),
      text,
    );
  }
  const invalidUtf8 = new ReadableStream({
    start(controller) {
      controller.enqueue(new Uint8Array([0x61, 0x0a, 0xff, 0xfe]));
      controller.close();
    },
  });
  await assert.rejects(
    Array.fromAsync(readRows(invalidUtf8, "csv", { maxBytes: 100 })),
    /expected UTF-8 text/,
  );
});

Deno.test("readRows() stops at the size limit while streaming", async () => {
  await assert.rejects(rows("a\n" + "1\n".repeat(100), "csv", 50), TooLargeError);
  await assert.rejects(rows("[" + "{},".repeat(100) + "{}]", "json", 50), TooLargeError);
});

/**
 * Reading rows of a reference (or, offline, a current) dataset from a byte stream: a JSON array, NDJSON
 * (one object per line) or CSV with a header. NDJSON and CSV are parsed as the bytes arrive, so an upload
 * costs memory for one row, not for the file; JSON has to be read whole and is capped lower. Every
 * format is size-limited while it streams.
 *
 * @module
 */
import { CsvParser } from "./csv.ts";

/** The formats rows may come in. */
export type RowFormat = "json" | "ndjson" | "csv";

/** One row, with where it came from for messages. */
export interface SourceRow {
  /** 1-based row number (data rows, not counting a CSV header). */
  index: number;
  /** 1-based line where it starts (JSON arrays: 1). */
  line: number;
  /** Column or key to value; CSV values are strings. */
  values: Record<string, unknown>;
  /** Whether the values are CSV text, to be parsed by type. */
  text: boolean;
}

/** A row or its framing is unusable; the server answers 400. */
export class RowError extends Error {
  override name = "RowError";
}

/** The input is over its size limit; the server answers 413. */
export class TooLargeError extends Error {
  override name = "TooLargeError";
}

/** Options of {@linkcode readRows}. */
export interface ReadRowsOptions {
  /** Most bytes read before {@linkcode TooLargeError}. */
  maxBytes: number;
}

/**
 * The row format named by a content type.
 *
 * @param contentType a `content-type` header value
 * @returns the format, or undefined for anything else
 * @example
 * ```ts
 * import { formatFromContentType } from "./rows.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatFromContentType("text/csv; charset=utf-8"), "csv");
 * assert.equal(formatFromContentType("application/x-ndjson"), "ndjson");
 * assert.equal(formatFromContentType("text/html"), undefined);
 * ```
 */
export function formatFromContentType(contentType: string | undefined): RowFormat | undefined {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") return "json";
  if (
    ["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines"].includes(
      type,
    )
  ) {
    return "ndjson";
  }
  if (type === "text/csv" || type === "application/csv") return "csv";
  return undefined;
}

/**
 * The row format a file name suggests.
 *
 * @param path a file path
 * @returns the format, or undefined for an unknown extension
 * @example
 * ```ts
 * import { formatFromPath } from "./rows.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatFromPath("data/ref.jsonl"), "ndjson");
 * assert.equal(formatFromPath("ref.CSV"), "csv");
 * ```
 */
export function formatFromPath(path: string): RowFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) return "ndjson";
  if (lower.endsWith(".json")) return "json";
  return undefined;
}

/**
 * Reads the rows of a dataset as they stream in.
 *
 * @param stream the bytes
 * @param format how they are framed
 * @param options the size limit
 * @returns the rows, in order
 * @throws {RowError} for bytes that are not rows of the format
 * @throws {TooLargeError} past `maxBytes`
 * @example
 * ```ts
 * import { readRows } from "./rows.ts";
 * import assert from "node:assert/strict";
 * const body = new Blob(["age,city\n31,Oslo\n"]).stream();
 * const rows = await Array.fromAsync(readRows(body, "csv", { maxBytes: 1024 }));
 * assert.deepEqual(rows[0]?.values, { age: "31", city: "Oslo" });
 * ```
 */
export async function* readRows(
  stream: ReadableStream<Uint8Array>,
  format: RowFormat,
  options: ReadRowsOptions,
): AsyncGenerator<SourceRow> {
  const chunks = decode(stream, options.maxBytes);
  if (format === "json") yield* jsonRows(chunks);
  else if (format === "ndjson") yield* ndjsonRows(chunks);
  else yield* csvRows(chunks);
}

async function* decode(stream: ReadableStream<Uint8Array>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const reader = stream.getReader();
  let bytes = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        throw new TooLargeError(`Request body too large: expected at most ${maxBytes} bytes`);
      }
      yield decodeChunk(decoder, value, false);
    }
    yield decodeChunk(decoder, undefined, true);
  } finally {
    // Stops the upload as soon as we give up on it, instead of draining the rest.
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function decodeChunk(decoder: TextDecoder, value: Uint8Array | undefined, last: boolean): string {
  try {
    return decoder.decode(value, { stream: !last });
  } catch {
    throw new RowError("Invalid body: expected UTF-8 text");
  }
}

async function* jsonRows(chunks: AsyncIterable<string>): AsyncGenerator<SourceRow> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RowError(
      `Invalid body: expected JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const items = isObject(parsed) && Array.isArray(parsed.rows) ? parsed.rows : parsed;
  if (!Array.isArray(items)) {
    throw new RowError(`Invalid body: expected a JSON array of rows or { "rows": [...] }`);
  }
  for (let i = 0; i < items.length; i++) {
    const values = items[i];
    if (!isObject(values)) throw new RowError(`Invalid row ${i + 1}: expected an object`);
    yield { index: i + 1, line: 1, values, text: false };
  }
}

async function* ndjsonRows(chunks: AsyncIterable<string>): AsyncGenerator<SourceRow> {
  let buffer = "";
  let line = 0;
  let index = 0;
  const parse = (text: string): SourceRow | undefined => {
    line++;
    if (text.trim() === "") return undefined;
    let values: unknown;
    try {
      values = JSON.parse(text);
    } catch (error) {
      throw new RowError(
        `Invalid line ${line}: expected a JSON object (${error instanceof Error ? error.message : ""})`,
      );
    }
    if (!isObject(values)) throw new RowError(`Invalid line ${line}: expected a JSON object`);
    return { index: ++index, line, values, text: false };
  };
  for await (const chunk of chunks) {
    buffer += chunk;
    let start = 0;
    let newline: number;
    while ((newline = buffer.indexOf("\n", start)) >= 0) {
      const row = parse(buffer.slice(start, newline));
      start = newline + 1;
      if (row !== undefined) yield row;
    }
    buffer = buffer.slice(start);
  }
  const row = parse(buffer);
  if (row !== undefined) yield row;
}

async function* csvRows(chunks: AsyncIterable<string>): AsyncGenerator<SourceRow> {
  const parser = new CsvParser();
  let header: string[] | undefined;
  let index = 0;
  const wrap = (run: () => ReturnType<CsvParser["push"]>) => {
    try {
      return run();
    } catch (error) {
      if (error instanceof SyntaxError) throw new RowError(error.message);
      throw error;
    }
  };
  function* emit(rows: ReturnType<CsvParser["push"]>): Generator<SourceRow> {
    for (const row of rows) {
      if (header === undefined) {
        header = row.fields.map((name, i) => i === 0 ? name.replace(/^\uFEFF/, "").trim() : name.trim());
        const seen = new Set<string>();
        for (const name of header) {
          if (name === "") throw new RowError(`Invalid CSV header: an empty column name`);
          if (seen.has(name)) throw new RowError(`Invalid CSV header: column "${name}" appears twice`);
          seen.add(name);
        }
        continue;
      }
      if (row.fields.length !== header.length) {
        throw new RowError(
          `Invalid CSV line ${row.line}: expected ${header.length} fields as in the header, got ${row.fields.length}`,
        );
      }
      const values: Record<string, unknown> = {};
      header.forEach((name, i) => values[name] = row.fields[i]);
      yield { index: ++index, line: row.line, values, text: true };
    }
  }
  for await (const chunk of chunks) yield* emit(wrap(() => parser.push(chunk)));
  yield* emit(wrap(() => parser.end()));
  if (header === undefined) throw new RowError("Invalid CSV: expected a header line, got an empty file");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A streaming CSV reader (RFC 4180: comma-separated, fields optionally in double quotes, `""` for a quote
 * inside one, CRLF or LF line ends, newlines allowed inside quoted fields). Text is pushed in chunks of any
 * size, so a large reference file is read with memory bounded by its longest row.
 *
 * @module
 */

/** A parsed CSV row with the line it started on (1-based), for messages. */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Splits CSV text into rows, chunk by chunk.
 *
 * @example
 * ```ts
 * import { CsvParser } from "./csv.ts";
 * import assert from "node:assert/strict";
 * const parser = new CsvParser();
 * const rows = [...parser.push('a,b\n1,"x, ""y"""\n2,'), ...parser.end()];
 * assert.deepEqual(rows.map((row) => row.fields), [["a", "b"], ["1", 'x, "y"'], ["2", ""]]);
 * ```
 */
export class CsvParser {
  #field = "";
  #fields: string[] = [];
  #quoted = false;
  /** The previous character closed a quoted section: a quote now is an escaped one. */
  #afterQuote = false;
  #line = 1;
  #rowLine = 1;
  #pendingCr = false;
  #rowStarted = false;

  /**
   * Parses a chunk of text.
   *
   * @param text the next chunk
   * @returns the rows completed by it
   * @throws {SyntaxError} for a quote in the middle of an unquoted field
   */
  push(text: string): CsvRow[] {
    const rows: CsvRow[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (this.#pendingCr) {
        this.#pendingCr = false;
        if (ch === "\n") continue;
      }
      if (this.#quoted) {
        if (ch === '"') {
          this.#quoted = false;
          this.#afterQuote = true;
        } else {
          if (ch === "\n") this.#line++;
          this.#field += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (this.#afterQuote) {
          this.#field += '"';
          this.#quoted = true;
          this.#afterQuote = false;
        } else if (this.#field === "") {
          this.#quoted = true;
          this.#rowStarted = true;
        } else {
          throw new SyntaxError(`Cannot parse CSV line ${this.#line}: a quote inside an unquoted field`);
        }
        continue;
      }
      this.#afterQuote = false;
      if (ch === ",") {
        this.#fields.push(this.#field);
        this.#field = "";
        this.#rowStarted = true;
      } else if (ch === "\n" || ch === "\r") {
        if (ch === "\r") this.#pendingCr = true;
        const row = this.#finishRow();
        if (row !== undefined) rows.push(row);
        this.#line++;
        this.#rowLine = this.#line;
      } else {
        this.#field += ch;
        this.#rowStarted = true;
      }
    }
    return rows;
  }

  /**
   * Ends the input.
   *
   * @returns the last row, when the text did not end with a newline
   * @throws {SyntaxError} when a quoted field is still open
   */
  end(): CsvRow[] {
    if (this.#quoted) {
      throw new SyntaxError(`Cannot parse CSV line ${this.#rowLine}: a quoted field is never closed`);
    }
    const row = this.#finishRow();
    return row === undefined ? [] : [row];
  }

  #finishRow(): CsvRow | undefined {
    this.#afterQuote = false;
    // Blank lines carry no row; a lone empty quoted field ("") does.
    if (!this.#rowStarted && this.#field === "" && this.#fields.length === 0) return undefined;
    this.#fields.push(this.#field);
    const row = { line: this.#rowLine, fields: this.#fields };
    this.#fields = [];
    this.#field = "";
    this.#rowStarted = false;
    return row;
  }
}

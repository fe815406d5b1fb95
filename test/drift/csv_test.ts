import assert from "assert";
import { CsvParser } from "../../src/drift/csv.ts";

function parseAll(text: string, chunk = text.length || 1): string[][] {
  const parser = new CsvParser();
  const rows = [];
  for (let i = 0; i < text.length; i += chunk) rows.push(...parser.push(text.slice(i, i + chunk)));
  rows.push(...parser.end());
  return rows.map((row) => row.fields);
}

Deno.test("CsvParser reads quoted fields, escaped quotes, CRLF and newlines inside quotes", () => {
  const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\r\n';
  const expected = [["a", "b", "c"], ["1", "x, y", 'say "hi"'], ["2", "two\nlines", ""]];
  assert.deepEqual(parseAll(text), expected);
  // The same whatever the chunking, down to one character at a time.
  for (const chunk of [1, 2, 3, 7]) assert.deepEqual(parseAll(text, chunk), expected, `chunk ${chunk}`);
});

Deno.test("CsvParser skips blank lines, keeps an empty quoted field, and numbers rows by their first line", () => {
  const parser = new CsvParser();
  const rows = [...parser.push('a\n\n""\n"multi\nline"\nz'), ...parser.end()];
  assert.deepEqual(rows.map((row) => [row.line, row.fields]), [[1, ["a"]], [3, [""]], [4, ["multi\nline"]], [
    6,
    ["z"],
  ]]);
});

Deno.test("CsvParser rejects a stray quote and an unclosed quoted field, naming the line", () => {
  assert.throws(() => parseAll('a\nb"c\n'), {
    name: "SyntaxError",
    message: "Cannot parse CSV line 2: a quote inside an unquoted field",
  });
  assert.throws(() => parseAll('a\n"open\n'), {
    name: "SyntaxError",
    message: "Cannot parse CSV line 2: a quoted field is never closed",
  });
});

/**
 * GJSON paths (github.com/tidwall/gjson), the selector syntax of k6's `Response.json(selector)`, evaluated
 * on an already-parsed JSON value. The functions mirror gjson.go's (`Get`, `parseObject`, `parseArray`,
 * `parseQuery`, `execModifier`, ...) so that the quirks follow too: a `#(...)` query returns its first
 * match even when the rest of the path misses there, `.` after `#` or `#(...)#` maps over the elements
 * while `|` applies to the array, a query on `null` never matches (only `~null` does), `@keys` of nothing
 * is `[]`. gjson reads raw text; here the text is already parsed, so a few things cannot follow it (see
 * `gjsonGet`).
 *
 * @module
 */

type JsonObject = Record<string, unknown>;

/** gjson's non-existent result. Parsed JSON never holds `undefined`, so it can mark "nothing here". */
const MISSING = undefined;

/** What a path evaluation carries along: the value found, and the pipe to apply to it afterwards. */
interface Context {
  value: unknown;
  pipe: string | undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Sets an own data property, so that a key named `__proto__` stays a key. gjson's `Value()` builds Go maps
 * from text that may repeat a key, keeping the first; `keepFirst` does the same.
 */
function put(target: JsonObject, key: string, value: unknown, keepFirst: boolean): void {
  if (keepFirst && Object.hasOwn(target, key)) return;
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Evaluates a GJSON path on a parsed JSON value, as `gjson.Get(json, path).Value()` does on its text.
 *
 * Supported: keys with `*`/`?` wildcards and `\` escapes, array indexes, `#` (length), `#.path` (over each
 * element, nested `#.#.x`), queries `#(path op value)` and `#(...)#` with `== = != < <= > >= % !%` and the
 * `~true ~false ~null ~*` conversions, nested queries, the old `#[...]` form, `|` versus `.`, modifiers
 * (`@reverse @ugly @pretty @this @valid @flatten @join @keys @values @tostr @fromstr @group @dig`, with
 * arguments such as `@flatten:{"deep":true}`), multipaths `{a,b}` / `[a,b]` with gjson's key names,
 * literals `!true`, `!"text"`, `!{...}`, and `..` (the value as a one-line JSON Lines stream).
 *
 * Where the parsed value cannot show what gjson's text shows: an object with a repeated key holds its
 * last value (gjson finds the first); `@tostr` gives `JSON.stringify`'s compact text, not the source's;
 * `@pretty` and `@ugly` change nothing but the key order `sortKeys` asks for; a JavaScript object lists
 * integer-like keys first (ascending), so wildcards, `@keys`, `@reverse` and built objects see that order
 * where the text had another. Custom modifiers (`gjson.AddModifier`) do not exist here, as in k6: an
 * unknown `@name` is an ordinary key.
 *
 * @param json the parsed JSON value (JSON.parse's result)
 * @param path the GJSON path
 * @returns the value found (objects and arrays as JavaScript ones, possibly shared with `json`), or
 *   `undefined` where gjson's result does not exist
 *
 * @example
 * ```ts
 * import { gjsonGet } from "./gjson.ts";
 * import assert from "node:assert/strict";
 * const doc = {
 *   name: { first: "Tom", last: "Anderson" },
 *   friends: [
 *     { first: "Dale", last: "Murphy", age: 44 },
 *     { first: "Roger", last: "Craig", age: 68 },
 *     { first: "Jane", last: "Murphy", age: 47 },
 *   ],
 * };
 * assert.equal(gjsonGet(doc, "friends.#"), 3);
 * assert.deepEqual(gjsonGet(doc, 'friends.#(last=="Murphy")#.first'), ["Dale", "Jane"]);
 * assert.equal(gjsonGet(doc, "friends.#(age>45).last"), "Craig");
 * assert.deepEqual(gjsonGet(doc, "{name.first,friends.#.age}"), { first: "Tom", age: [44, 68, 47] });
 * assert.equal(gjsonGet(doc, "name.middle"), undefined);
 * ```
 */
export function gjsonGet(json: unknown, path: string): unknown {
  return get(json, path);
}

/** gjson's `Get`. */
function get(json: unknown, path: string): unknown {
  if (path.length > 1) {
    const first = path.charAt(0);
    if (first === "@" || first === "!") {
      const done = first === "@" ? execModifier(json, path) : execStatic(path);
      if (done !== null) {
        const rest = done.path;
        if (rest.startsWith("|") || rest.startsWith(".")) return get(done.value, rest.slice(1));
        return done.value;
      }
    }
    if (first === "[" || first === "{") {
      const built = execMultipath(json, path);
      if (built !== null) return built.value;
    }
  }
  const c: Context = { value: MISSING, pipe: undefined };
  if (path.startsWith("..")) parseArray(c, json === MISSING ? [] : [json], path.slice(2));
  else if (Array.isArray(json)) parseArray(c, json, path);
  else if (isObject(json)) parseObject(c, json, path);
  return c.pipe === undefined ? c.value : get(c.value, c.pipe);
}

// ---- objects ----

interface ObjectPath {
  part: string;
  path: string;
  pipe: string | undefined;
  wild: boolean;
  more: boolean;
}

/** gjson's `parseObjectPath`: the first key (escapes removed), and what follows it. */
function parseObjectPath(path: string): ObjectPath {
  const r: ObjectPath = { part: path, path: "", pipe: undefined, wild: false, more: false };
  for (let i = 0; i < path.length; i++) {
    const ch = path.charAt(i);
    if (ch === "|") return { ...r, part: path.slice(0, i), pipe: path.slice(i + 1) };
    if (ch === ".") return afterDot({ ...r, part: path.slice(0, i) }, path, i, true);
    if (ch === "*" || ch === "?") {
      r.wild = true;
      continue;
    }
    if (ch === "\\") {
      // The slower path that strips the escape characters from the key.
      let part = path.slice(0, i);
      i++;
      if (i < path.length) {
        part += path.charAt(i);
        for (i++; i < path.length; i++) {
          const c = path.charAt(i);
          if (c === "\\") {
            i++;
            if (i < path.length) part += path.charAt(i);
            continue;
          }
          if (c === ".") return afterDot({ ...r, part }, path, i, true);
          if (c === "|") return { ...r, part, pipe: path.slice(i + 1) };
          if (c === "*" || c === "?") r.wild = true;
          part += c;
        }
      }
      return { ...r, part };
    }
  }
  return r;
}

/** After a `.`: a modifier, multipath or `[`/`{` continues as a pipe would (gjson's `isDotPiperChar`). */
function afterDot<T extends { path: string; pipe: string | undefined; more: boolean }>(
  r: T,
  path: string,
  dot: number,
  mayPipe: boolean,
): T {
  if (mayPipe && dot < path.length - 1 && isDotPiperChar(path.slice(dot + 1))) {
    return { ...r, pipe: path.slice(dot + 1) };
  }
  return { ...r, path: path.slice(dot + 1), more: true };
}

function isDotPiperChar(s: string): boolean {
  const c = s.charAt(0);
  if (c === "@") {
    let i = 1;
    while (i < s.length && s[i] !== "." && s[i] !== "|" && s[i] !== ":") i++;
    return MODIFIERS.has(s.slice(1, i));
  }
  return c === "[" || c === "{";
}

/** gjson's `parseObject`: the first key that matches and leads somewhere wins. */
function parseObject(c: Context, object: JsonObject, path: string): boolean {
  const rp = parseObjectPath(path);
  if (!rp.more && rp.pipe !== undefined) c.pipe = rp.pipe;
  for (const key of Object.keys(object)) {
    if (rp.wild ? !match(key, rp.part) : key !== rp.part) continue;
    const value = object[key];
    if (!rp.more) {
      c.value = value;
      return true;
    }
    if (isObject(value) && parseObject(c, value, rp.path)) return true;
    if (Array.isArray(value) && parseArray(c, value, rp.path)) return true;
  }
  return false;
}

// ---- arrays and queries ----

interface Query {
  on: boolean;
  all: boolean;
  path: string;
  op: string;
  value: string;
}

interface ArrayPath {
  part: string;
  path: string;
  pipe: string | undefined;
  more: boolean;
  /** `#.key`: the key applies to each element. */
  alogok: boolean;
  alogkey: string;
  /** The component starts with `#`. */
  arrch: boolean;
  query: Query;
}

/** gjson's `parseArrayPath`. */
function parseArrayPath(path: string): ArrayPath {
  let r: ArrayPath = {
    part: path,
    path: "",
    pipe: undefined,
    more: false,
    alogok: false,
    alogkey: "",
    arrch: false,
    query: { on: false, all: false, path: "", op: "", value: "" },
  };
  for (let i = 0; i < path.length; i++) {
    const ch = path.charAt(i);
    if (ch === "|") return { ...r, part: path.slice(0, i), pipe: path.slice(i + 1) };
    if (ch === ".") return afterDot({ ...r, part: path.slice(0, i) }, path, i, !r.arrch);
    if (ch !== "#") continue;
    r.arrch = true;
    if (i !== 0 || path.length < 2) continue;
    const next = path.charAt(1);
    if (next === ".") {
      r = { ...r, alogok: true, alogkey: path.slice(2) };
    } else if (next === "[" || next === "(") {
      r.query.on = true;
      const q = parseQuery(path);
      if (q === null) break; // a bad query: gjson ends the parse here
      let value = q.value;
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
        value = value.slice(1, -1);
        if (q.escaped) value = unescape(value);
      }
      r.query = { ...r.query, path: q.path, op: q.op, value };
      i = q.end - 1;
      if (path.charAt(i + 1) === "#") r.query.all = true;
    }
  }
  return { ...r, part: path, path: "" };
}

/**
 * gjson's `parseQuery`: `#(first_name=="Murphy").last` gives path `first_name`, op `=`, value `"Murphy"`
 * and the index after `)`; `#(nets.#(=="fb"))` gives the path `nets.#(=="fb")` and no operator.
 */
function parseQuery(
  query: string,
): { path: string; op: string; value: string; end: number; escaped: boolean } | null {
  let i = 2;
  let j = 0; // start of the operator and value
  let depth = 1;
  let escaped = false;
  for (; i < query.length; i++) {
    const ch = query.charAt(i);
    if (depth === 1 && j === 0 && "!=<>%".includes(ch)) {
      j = i;
      continue;
    }
    if (ch === "\\") i++;
    else if (ch === "[" || ch === "(") depth++;
    else if (ch === "]" || ch === ")") {
      if (--depth === 0) break;
    } else if (ch === '"') {
      for (i++; i < query.length; i++) {
        if (query[i] === "\\") {
          escaped = true;
          i++;
        } else if (query[i] === '"') break;
      }
    }
  }
  if (depth > 0) return null;
  if (j === 0) return { path: trim(query.slice(2, i)), op: "", value: "", end: i + 1, escaped };
  let value = trim(query.slice(j, i));
  let size = 0;
  const two = value.slice(0, 2);
  if (value.length === 1) size = 1;
  else if (two === "!=" || two === "!%" || two === "<=" || two === ">=") size = 2;
  else if (two === "==") {
    value = value.slice(1);
    size = 1;
  } else if ("<>=%".includes(value.charAt(0))) size = 1;
  return {
    path: trim(query.slice(2, j)),
    op: value.slice(0, size),
    value: trim(value.slice(size)),
    end: i + 1,
    escaped,
  };
}

/** Strips what gjson counts as space: every byte up to and including ' '. */
function trim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return s.slice(start, end);
}

/** gjson's `parseArray`: an index, `#`, `#.key`, or a query over the elements. */
function parseArray(c: Context, array: readonly unknown[], path: string): boolean {
  const rp = parseArrayPath(path);
  const index = rp.arrch || !/^[0-9]+$/.test(rp.part) ? -1 : Number(rp.part);
  if (!rp.more && rp.pipe !== undefined) c.pipe = rp.pipe;
  const matches: unknown[] = [];

  const procQuery = (element: unknown): boolean => {
    let res: unknown;
    if (isObject(element) || Array.isArray(element)) res = get(element, rp.query.path);
    else if (rp.query.path !== "") return false;
    else res = element;
    if (!queryMatches(rp.query, res)) return false;
    if (rp.more) {
      const split = splitPossiblePipe(rp.path);
      if (split !== null) {
        rp.path = split.left;
        c.pipe = split.right;
      }
      res = get(element, rp.path);
    } else {
      res = element;
    }
    if (rp.query.all) {
      if (res !== MISSING) matches.push(res);
      return false;
    }
    c.value = res;
    return true;
  };

  for (let h = 0; h < array.length; h++) {
    const element = array[h];
    if (rp.query.on) {
      if (procQuery(element)) return true;
    } else if (h === index) {
      if (!rp.more) {
        c.value = element;
        return true;
      }
      if (isObject(element) && parseObject(c, element, rp.path)) return true;
      if (Array.isArray(element) && parseArray(c, element, rp.path)) return true;
    }
  }
  if (rp.arrch && rp.part === "#") {
    if (rp.alogok) {
      let key = rp.alogkey;
      const split = splitPossiblePipe(key);
      if (split !== null) {
        key = split.left;
        c.pipe = split.right;
      }
      const each: unknown[] = [];
      for (const element of array) {
        const res = get(element, key);
        if (res !== MISSING) each.push(res);
      }
      c.value = each;
      return true;
    }
    c.value = array.length;
    return true;
  }
  // `#(...)#` with no match is `[]`; a wildcard's earlier branch may already have found one.
  if (c.value === MISSING && rp.query.all) c.value = matches;
  return false;
}

/**
 * gjson's `splitPossiblePipe`: in `first|0` after `#.` or `#(...)`, the `|` part applies to the array
 * built, not to each element (brackets of a nested query are skipped).
 */
function splitPossiblePipe(path: string): { left: string; right: string } | null {
  if (!path.includes("|")) return null;
  if (path.startsWith("{")) {
    const squashed = squash(path.slice(1));
    if (squashed.length < path.length - 1) {
      const left = path.slice(0, squashed.length + 1);
      const remain = path.slice(left.length);
      if (remain.startsWith("|")) return { left, right: remain.slice(1) };
    }
    return null;
  }
  for (let i = 0; i < path.length; i++) {
    const ch = path.charAt(i);
    if (ch === "\\") i++;
    else if (ch === ".") {
      if (i === path.length - 1) return null;
      if (path[i + 1] !== "#") continue;
      i += 2;
      if (i === path.length) return null;
      const open = path.charAt(i);
      if (open !== "[" && open !== "(") continue;
      const close = open === "[" ? "]" : ")";
      let depth = 1;
      for (i++; i < path.length; i++) {
        const b = path.charAt(i);
        if (b === "\\") i++;
        else if (b === open) depth++;
        else if (b === close) {
          if (--depth === 0) break;
        } else if (b === '"') {
          for (i++; i < path.length; i++) {
            if (path[i] === "\\") i++;
            else if (path[i] === '"') break;
          }
        }
      }
    } else if (ch === "|") return { left: path.slice(0, i), right: path.slice(i + 1) };
  }
  return null;
}

/**
 * gjson's `queryMatches`. The operand's type decides: strings compare as text (in UTF-8 byte order, as
 * Go's), numbers against the right side read as a number (0 when it is not one), booleans only with a
 * few operators, `null`, objects and arrays only by existence (`#(key)`).
 */
function queryMatches(query: Query, found: unknown): boolean {
  let right = query.value;
  let value = found;
  if (right.startsWith("~")) {
    right = right.slice(1);
    let ish: boolean | undefined;
    if (right === "*") ish = value !== MISSING;
    else if (right === "null") ish = value === null || value === MISSING;
    else if (right === "true") ish = trueish(value);
    else if (right === "false") ish = falseish(value);
    if (ish === undefined) return false;
    right = "true";
    value = ish;
  }
  if (value === MISSING) return false;
  if (query.op === "") return true;
  if (typeof value === "string") {
    switch (query.op) {
      case "=":
        return value === right;
      case "!=":
        return value !== right;
      case "<":
        return compareUtf8(value, right) < 0;
      case "<=":
        return compareUtf8(value, right) <= 0;
      case ">":
        return compareUtf8(value, right) > 0;
      case ">=":
        return compareUtf8(value, right) >= 0;
      case "%":
        return match(value, right);
      case "!%":
        return !match(value, right);
    }
  } else if (typeof value === "number") {
    const n = parseGoFloat(right);
    switch (query.op) {
      case "=":
        return value === n;
      case "!=":
        return value !== n;
      case "<":
        return value < n;
      case "<=":
        return value <= n;
      case ">":
        return value > n;
      case ">=":
        return value >= n;
    }
  } else if (value === true) {
    switch (query.op) {
      case "=":
        return right === "true";
      case "!=":
        return right !== "true";
      case ">":
        return right === "false";
      case ">=":
        return true;
    }
  } else if (value === false) {
    switch (query.op) {
      case "=":
        return right === "false";
      case "!=":
        return right !== "false";
      case "<":
        return right === "true";
      case "<=":
        return true;
    }
  }
  return false;
}

/** Go's `strconv.ParseBool` on the lower-cased text; undefined where it fails. */
function parseGoBool(s: string): boolean | undefined {
  const lower = s.toLowerCase();
  if (lower === "1" || lower === "t" || lower === "true") return true;
  if (lower === "0" || lower === "f" || lower === "false") return false;
  return undefined;
}

function trueish(value: unknown): boolean {
  if (typeof value === "string") return parseGoBool(value) === true;
  if (typeof value === "number") return value !== 0;
  return value === true;
}

function falseish(value: unknown): boolean {
  if (value === null || value === MISSING || value === false) return true;
  if (typeof value === "string") return parseGoBool(value) === false;
  if (typeof value === "number") return value === 0;
  return false;
}

/** gjson's `Result.Bool()`, for modifier options such as `{"deep":true}`. */
function resultBool(value: unknown): boolean {
  if (typeof value === "string") return parseGoBool(value) ?? false;
  if (typeof value === "number") return value !== 0;
  return value === true;
}

/** Go's `strconv.ParseFloat` for decimal text, `inf`/`infinity` and `nan`; 0 where Go reports an error. */
function parseGoFloat(s: string): number {
  if (/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s)) return Number(s);
  const special = s.toLowerCase();
  if (/^[+-]?inf(?:inity)?$/.test(special)) return special.startsWith("-") ? -Infinity : Infinity;
  if (special === "nan") return NaN;
  return 0;
}

/** Compares as Go compares strings, by UTF-8 bytes, which is code point order. */
function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate is half of a code point above U+FFFF: it sorts after every other UTF-16 unit.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * tidwall/match's `Match`: `*` is any run of characters, `?` one character (a code point), `\c` is `c`.
 * Backtracks to the last `*` only, so it is linear in practice (gjson caps its recursive matcher instead).
 */
function match(str: string, pattern: string): boolean {
  if (pattern === "*") return true;
  const s = Array.from(str);
  const p = Array.from(pattern);
  let si = 0;
  let pi = 0;
  let star = -1;
  let resume = 0;
  while (si < s.length) {
    if (pi < p.length) {
      const pc = p[pi];
      if (pc === "*") {
        star = pi++;
        resume = si;
        continue;
      }
      if (pc === "?") {
        si++;
        pi++;
        continue;
      }
      const literal = pc === "\\" ? p[pi + 1] : pc;
      if (literal !== undefined && literal === s[si]) {
        si++;
        pi += pc === "\\" ? 2 : 1;
        continue;
      }
    }
    if (star < 0) return false;
    pi = star + 1;
    si = ++resume;
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

// ---- text: gjson's squash, unescape and Parse for literals, arguments and @fromstr ----

/** gjson's `squash`: the leading `[...]`, `{...}`, `(...)` or `"..."` of `s`, nesting and strings skipped. */
function squash(s: string): string {
  let i = 0;
  let depth = 0;
  if (s.charAt(0) !== '"') {
    i = 1;
    depth = 1;
  }
  for (; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch === '"') {
      for (i++; i < s.length; i++) {
        if (s[i] === "\\") i++;
        else if (s[i] === '"') break;
      }
      if (depth === 0) return i >= s.length ? s : s.slice(0, i + 1);
    } else if (ch === "{" || ch === "[" || ch === "(") depth++;
    else if (ch === "}" || ch === "]" || ch === ")") {
      if (--depth === 0) return s.slice(0, i + 1);
    }
  }
  return s;
}

/** gjson's `parseSquash` from the start of `s`: like `squash`, but the first character always opens. */
function parseSquash(s: string): string {
  let depth = 1;
  for (let i = 1; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch === '"') {
      for (i++; i < s.length; i++) {
        if (s[i] === "\\") i++;
        else if (s[i] === '"') break;
      }
    } else if (ch === "{" || ch === "[" || ch === "(") depth++;
    else if (ch === "}" || ch === "]" || ch === ")") {
      if (--depth === 0) return s.slice(0, i + 1);
    }
  }
  return s;
}

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ["\\", "\\"],
  ["/", "/"],
  ["b", "\b"],
  ["f", "\f"],
  ["n", "\n"],
  ["r", "\r"],
  ["t", "\t"],
  ['"', '"'],
]);

/** gjson's `unescape`: JSON string escapes; it stops at a control character or an unknown escape. */
function unescape(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (s.charCodeAt(i) < 32) return out;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    if (++i >= s.length) return out;
    const simple = SIMPLE_ESCAPES.get(s.charAt(i));
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const e = s.charAt(i);
    if (e !== "u" || i + 5 > s.length) return out;
    let code = hex4(s.slice(i + 1, i + 5));
    i += 5;
    if (code >= 0xd800 && code <= 0xdfff && s.length - i >= 6 && s[i] === "\\" && s[i + 1] === "u") {
      const low = hex4(s.slice(i + 2, i + 6));
      code = code < 0xdc00 && low >= 0xdc00 && low <= 0xdfff
        ? 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
        : 0xfffd;
      i += 6;
    }
    out += String.fromCodePoint(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code);
    i--;
  }
  return out;
}

function hex4(s: string): number {
  return /^[0-9a-fA-F]{4}$/.test(s) ? parseInt(s, 16) : 0;
}

/**
 * gjson's `Parse(text).Value()`: the first value of the text, read as leniently as gjson reads it (`tru`
 * is true, a number runs to the next space, `,`, `]` or `}`). Objects and arrays must be valid JSON here.
 */
function parseText(text: string): unknown {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === "{" || ch === "[") return parseJsonLeniently(text.slice(i));
    if (text.charCodeAt(i) <= 32) continue;
    if ("+-0123456789iIN".includes(ch) || (ch === "n" && i + 1 < text.length && text[i + 1] !== "u")) {
      return parseGoFloat(numberToken(text.slice(i)));
    }
    if (ch === "n") return null;
    if (ch === "t") return true;
    if (ch === "f") return false;
    if (ch === '"') return stringToken(text.slice(i));
    return MISSING;
  }
  return MISSING;
}

function parseJsonLeniently(text: string): unknown {
  for (const candidate of [text, squash(text)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the balanced prefix next
    }
  }
  return MISSING;
}

function numberToken(s: string): string {
  for (let i = 1; i < s.length; i++) {
    const ch = s.charAt(i);
    if (s.charCodeAt(i) <= 32 || ch === "," || ch === "]" || ch === "}") return s.slice(0, i);
  }
  return s;
}

function stringToken(s: string): string {
  let escaped = false;
  for (let i = 1; i < s.length; i++) {
    if (s[i] === "\\") {
      escaped = true;
      i++;
    } else if (s[i] === '"') {
      return escaped ? unescape(s.slice(1, i)) : s.slice(1, i);
    }
  }
  return escaped ? unescape(s.slice(1)) : s.slice(1);
}

// ---- literals and multipaths ----

/** gjson's `execStatic`: `!true`, `!null`, `!nan`, `!inf`, `!"text"`, `!123`, `!{...}`, `![...]`. */
function execStatic(path: string): { path: string; value: unknown } | null {
  let name = path.slice(1);
  if (name !== "" && '{["+-0123456789'.includes(name.charAt(0))) {
    const raw = parseSquash(name);
    return { path: name.slice(raw.length), value: parseText(raw) };
  }
  let rest = "";
  for (let i = 1; i < path.length; i++) {
    if (path[i] === "|" || path[i] === ".") {
      rest = path.slice(i);
      name = path.slice(1, i);
      break;
    }
  }
  if (!["true", "false", "null", "nan", "inf"].includes(name.toLowerCase())) return null;
  return { path: rest, value: parseText(name) };
}

interface SubSelector {
  name: string;
  path: string;
}

/** gjson's `parseSubSelectors`: the comma-separated paths of `[...]` or `{...}` and what follows. */
function parseSubSelectors(path: string): { selectors: SubSelector[]; rest: string } | null {
  const selectors: SubSelector[] = [];
  let modifier = 0;
  let depth = 1;
  let colon = 0;
  let start = 1;
  const push = (i: number) => {
    selectors.push(
      colon === 0
        ? { name: "", path: path.slice(start, i) }
        : { name: path.slice(start, colon), path: path.slice(colon + 1, i) },
    );
    colon = 0;
    modifier = 0;
    start = i + 1;
  };
  for (let i = 1; i < path.length; i++) {
    switch (path[i]) {
      case "\\":
        i++;
        break;
      case "@":
        if (modifier === 0 && (path[i - 1] === "." || path[i - 1] === "|")) modifier = i;
        break;
      case ":":
        if (modifier === 0 && colon === 0 && depth === 1) colon = i;
        break;
      case ",":
        if (depth === 1) push(i);
        break;
      case '"':
        for (i++; i < path.length; i++) {
          if (path[i] === "\\") i++;
          else if (path[i] === '"') break;
        }
        break;
      case "[":
      case "(":
      case "{":
        depth++;
        break;
      case "]":
      case ")":
      case "}":
        if (--depth === 0) {
          push(i);
          return { selectors, rest: path.slice(i + 1) };
        }
        break;
    }
  }
  return null;
}

/** The key of an unnamed multipath member: the path's last component, or `_` (gjson's `nameOfLast`). */
function memberName(selector: SubSelector): string {
  const name = selector.name;
  if (name !== "") {
    if (name.startsWith('"')) {
      try {
        const decoded: unknown = JSON.parse(name);
        if (typeof decoded === "string") return decoded;
      } catch {
        // not a JSON string: gjson takes the text as it is
      }
    }
    return name;
  }
  const path = selector.path;
  let last = path;
  for (let i = path.length - 1; i >= 0; i--) {
    if ((path[i] === "|" || path[i] === ".") && !(i > 0 && path[i - 1] === "\\")) {
      last = path.slice(i + 1);
      break;
    }
  }
  for (let i = 0; i < last.length; i++) {
    if (last.charCodeAt(i) < 32 || "[]{}()#|!".includes(last.charAt(i))) return "_";
  }
  return last;
}

/** gjson's multipath branch of `Get`: `{a,b}` builds an object, `[a,b]` an array; missing members drop. */
function execMultipath(json: unknown, path: string): { value: unknown } | null {
  const parsed = parseSubSelectors(path);
  if (parsed === null) return null;
  const rest = parsed.rest;
  if (rest !== "" && !rest.startsWith("|") && !rest.startsWith(".")) return null;
  let built: unknown;
  if (path.startsWith("{")) {
    const object: JsonObject = {};
    for (const selector of parsed.selectors) {
      const value = get(json, selector.path);
      if (value !== MISSING) put(object, memberName(selector), value, true);
    }
    built = object;
  } else {
    built = parsed.selectors.map((selector) => get(json, selector.path)).filter((v) => v !== MISSING);
  }
  return { value: rest === "" ? built : get(built, rest.slice(1)) };
}

// ---- modifiers ----

type Modifier = (json: unknown, arg: string) => unknown;

/** gjson's `execModifier`: `@name`, `@name:arg` (JSON or plain text up to `|`), then what follows. */
function execModifier(json: unknown, path: string): { path: string; value: unknown } | null {
  let name = path.slice(1);
  let rest = "";
  let hasArg = false;
  for (let i = 1; i < path.length; i++) {
    const ch = path.charAt(i);
    if (ch === ":" || ch === "|" || ch === ".") {
      name = path.slice(1, i);
      rest = path.slice(ch === ":" ? i + 1 : i);
      hasArg = ch === ":" && rest !== "";
      break;
    }
  }
  const modifier = MODIFIERS.get(name);
  if (modifier === undefined) return null;
  let arg = "";
  if (hasArg) {
    if ('{["'.includes(rest.charAt(0))) {
      arg = squash(rest);
    } else {
      let i = 0;
      for (; i < rest.length && rest[i] !== "|"; i++) {
        if ('{["('.includes(rest.charAt(i))) i += squash(rest.slice(i)).length - 1;
      }
      arg = rest.slice(0, i);
    }
    rest = rest.slice(arg.length);
  }
  return { path: rest, value: modifier(json, arg) };
}

/** A modifier's JSON object argument as [key, value] pairs; anything else gives none. */
function options(arg: string): [string, unknown][] {
  if (arg === "") return [];
  try {
    const parsed: unknown = JSON.parse(arg);
    return isObject(parsed) ? Object.entries(parsed) : [];
  } catch {
    return [];
  }
}

function option(arg: string, key: string): boolean {
  let on = false;
  for (const [k, v] of options(arg)) if (k === key) on = resultBool(v);
  return on;
}

const identity: Modifier = (json) => json;

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isObject(value)) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort(compareUtf8)) put(sorted, key, sortKeysDeep(value[key]), false);
  return sorted;
}

function flatten(array: readonly unknown[], deep: boolean): unknown[] {
  const out: unknown[] = [];
  for (const element of array) {
    if (Array.isArray(element)) out.push(...(deep ? flatten(element, deep) : element));
    else out.push(element);
  }
  return out;
}

function dig(all: unknown[], parent: unknown, path: string): unknown[] {
  const found = get(parent, path);
  if (found !== MISSING) all.push(found);
  if (Array.isArray(parent)) { for (const child of parent) dig(all, child, path); }
  else if (isObject(parent)) { for (const child of Object.values(parent)) dig(all, child, path); }
  return all;
}

/** gjson's built-in modifiers, as they act on the value their JSON text stands for. */
const MODIFIERS: ReadonlyMap<string, Modifier> = new Map<string, Modifier>([
  // Whitespace is the text's business; only sortKeys changes the value (its key order).
  ["pretty", (json, arg) => option(arg, "sortKeys") ? sortKeysDeep(json) : json],
  ["ugly", identity],
  ["this", identity],
  // A parsed value is valid JSON; only "nothing" is not.
  ["valid", identity],
  ["reverse", (json) => {
    if (Array.isArray(json)) return [...json].reverse();
    if (!isObject(json)) return json;
    const reversed: JsonObject = {};
    for (const key of Object.keys(json).reverse()) put(reversed, key, json[key], false);
    return reversed;
  }],
  ["flatten", (json, arg) => Array.isArray(json) ? flatten(json, option(arg, "deep")) : json],
  ["join", (json, arg) => {
    if (!Array.isArray(json)) return json;
    // With preserve, gjson writes every member, repeats included; reading them back keeps the first.
    const keepFirst = option(arg, "preserve");
    const joined: JsonObject = {};
    for (const element of json) {
      if (!isObject(element)) continue;
      for (const [key, value] of Object.entries(element)) put(joined, key, value, keepFirst);
    }
    return joined;
  }],
  ["keys", (json) => {
    if (json === MISSING) return [];
    if (isObject(json)) return Object.keys(json);
    return Array.isArray(json) ? json.map(() => null) : [null];
  }],
  ["values", (json) => {
    if (json === MISSING) return [];
    if (isObject(json)) return Object.values(json);
    return Array.isArray(json) ? json : [json];
  }],
  ["tostr", (json) => json === MISSING ? "" : JSON.stringify(json)],
  ["fromstr", (json) => {
    if (typeof json === "string") return parseText(json);
    return json === null ? MISSING : json;
  }],
  ["group", (json) => {
    if (!isObject(json)) return MISSING;
    const rows: JsonObject[] = [];
    for (const [key, value] of Object.entries(json)) {
      if (!Array.isArray(value)) continue;
      value.forEach((item, i) => put(rows[i] ??= {}, key, item, true));
    }
    return rows;
  }],
  ["dig", (json, arg) => dig([], json, arg)],
]);

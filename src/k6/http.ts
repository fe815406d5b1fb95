/**
 * The `k6/http` module: request, get, post, put, patch, del, head, options, batch, expectedStatuses,
 * setResponseCallback and `url` — k6's argument forms and Response shape over Vigil's HTTP client. Each
 * request returns a promise; the script transform awaits it, so scripts keep k6's blocking style.
 *
 * @module
 */
import { currentRun, currentVu, type HttpOutcome, type HttpRequestSpec } from "../load/context.ts";
import { canonicalHeaderKey } from "../load/http/response_parser.ts";
import { htmlParser } from "./html_slot.ts";
import { bytesOf } from "./bytes.ts";
import { cleanUrl } from "../config/clean_url.ts";
import { CookieJar, type HttpCookie } from "./cookie_jar.ts";
import { gjsonGet } from "./gjson.ts";
import {
  type ClickLinkOptions,
  formSubmission,
  linkTarget,
  type PageSelection,
  type SubmitFormOptions,
} from "./form_submit.ts";
import { compressBody, type CompressionAlgorithm, parseCompression } from "./request_compression.ts";
import { digestAuthorization, findDigestChallenge } from "./digest_auth.ts";

export { CookieJar };

/** k6's default request timeout. */
const DEFAULT_TIMEOUT_MS = 60_000;
const NO_PARAMS: Params = Object.freeze({});
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});

/** A response callback: which statuses count as expected (k6's `http.expectedStatuses`). */
export interface ResponseCallback {
  readonly statuses: ReadonlyArray<number | { min: number; max: number }>;
  (status: number): boolean;
}

/** Request parameters, as k6 accepts them. */
export interface Params {
  headers?: Record<string, string | number> | undefined;
  tags?: Record<string, string> | undefined;
  /** "60s", "500ms" or milliseconds. */
  timeout?: string | number | undefined;
  responseType?: "text" | "binary" | "none" | undefined;
  /** From `expectedStatuses()`; null stops judging responses. */
  responseCallback?: ResponseCallback | { readonly [n: string]: never } | null | undefined;
  /** Redirects to follow at most (default: the `maxRedirects` option, 10); 0 returns the 3xx. */
  redirects?: number | undefined;
  /** Cookies for this request, over the jar's; `{ value, replace: true }` replaces the jar's of that name. */
  cookies?: Record<string, RequestCookie> | undefined;
  /** The jar to use instead of the VU's (`new http.CookieJar()`); typed loosely, as k6's types declare it. */
  jar?: object | undefined;
  /**
   * Compresses the body with these, in order: "gzip", "deflate", "br", "zstd" or several separated by
   * commas ("gzip, br"); the request gets the matching `Content-Encoding` (a script's own wins).
   */
  compression?: string | undefined;
  /**
   * How the URL's credentials (`http://user:pass@host/`) authenticate: "basic" (the default: an
   * `Authorization: Basic` header) or "digest" (the request goes without, and a 401's Digest challenge
   * is answered with a second request). "ntlm" is refused: Vigil does not implement it. Other values are
   * ignored, as in k6.
   */
  auth?: string | undefined;
}

/** A URL built with the `http.url` template tag: requests are tagged with the template as `name`. */
export class TaggedUrl {
  /** k6's type for `http.url` results is branded; the brand makes this class satisfy it. */
  declare readonly __brand: "http-url";
  constructor(readonly url: string, readonly name: string) {}
  toString(): string {
    return this.url;
  }
}

/**
 * Builds a URL whose `name` tag is the template, so `/items/${id}` is one series, not one per id.
 *
 * @param strings the template's text parts
 * @param values the interpolated values
 * @returns a URL with a stable name
 */
export function url(strings: TemplateStringsArray, ...values: unknown[]): TaggedUrl {
  let full = strings[0] ?? "";
  let name = strings[0] ?? "";
  values.forEach((value, i) => {
    full += String(value) + (strings[i + 1] ?? "");
    name += "${}" + (strings[i + 1] ?? "");
  });
  return new TaggedUrl(full, name);
}

/**
 * Statuses to treat as expected, as numbers or `{ min, max }` ranges.
 *
 * @param statuses the expected statuses
 * @returns a callback for `params.responseCallback` or `setResponseCallback`
 */
export function expectedStatuses(...statuses: (number | { min: number; max: number })[]): ResponseCallback {
  for (const status of statuses) {
    const ok = typeof status === "number"
      ? Number.isInteger(status)
      : Number.isInteger(status?.min) && Number.isInteger(status?.max);
    if (!ok) {
      throw new TypeError(
        `Invalid expected status ${JSON.stringify(status)}: expected an integer or { min, max }`,
      );
    }
  }
  // Judged on every request: the common single range gets a callback without a closure per call.
  const only = statuses.length === 1 ? statuses[0]! : null;
  const callback =
    (only !== null && typeof only !== "number"
      ? (status: number) => status >= only.min && status <= only.max
      : (status: number) =>
        statuses.some((
          s,
        ) => (typeof s === "number"
          ? s === status
          : status >= s.min && status <= s.max)
        )) as ResponseCallback;
  Object.defineProperty(callback, "statuses", { value: statuses });
  return callback;
}

/** k6's default: 200–399 are expected. */
const defaultCallback: ResponseCallback = expectedStatuses({ min: 200, max: 399 });

/**
 * Each VU's response callback, as k6 keeps it on the VU's own http client: set in a VU's init code
 * (by VU number, per run) or in its iterations (on the VU, under a symbol, as the cookie jar is).
 */
const CALLBACK = Symbol("vigil.responseCallback");
type CallbackSlot = { [CALLBACK]?: { callback: ResponseCallback | null } };
const initCallbacks = new WeakMap<object, Map<number, ResponseCallback | null>>();

/**
 * Sets the response callback this VU's requests use unless their params override it. With null,
 * responses are not judged: no `http_req_failed` sample and no `expected_response` tag, as in k6.
 *
 * @param callback the callback from `expectedStatuses`, or null
 */
export function setResponseCallback(callback: ResponseCallback | null): void {
  const vu = currentVu() as CallbackSlot | undefined;
  if (vu !== undefined) {
    vu[CALLBACK] = { callback };
    return;
  }
  const run = currentRun();
  let byVu = initCallbacks.get(run);
  if (byVu === undefined) initCallbacks.set(run, byVu = new Map());
  byVu.set(run.initVuId, callback);
}

/** The VU's response callback: what it set, in its iterations or its init code, else k6's default. */
function responseCallbackOf(
  vu: NonNullable<ReturnType<typeof currentVu>>,
  run: object,
): ResponseCallback | null {
  const slot = vu as unknown as CallbackSlot;
  let entry = slot[CALLBACK];
  if (entry === undefined) {
    const fromInit = initCallbacks.get(run)?.get(vu.id);
    entry = slot[CALLBACK] = { callback: fromInit === undefined ? defaultCallback : fromInit };
  }
  return entry.callback;
}

/** Reads a k6 timeout: a duration string ("1m30s", "500ms", "2s") or milliseconds. */
function timeoutMs(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value === "number") {
    if (!(value > 0)) {
      throw new TypeError(`Invalid timeout ${value}: expected a positive number of milliseconds`);
    }
    return value;
  }
  let total = 0;
  let rest = value.trim();
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, us: 0.001, "µs": 0.001 };
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|us|µs|s|m|h)/.exec(rest);
    if (!match) throw new TypeError(`Invalid timeout "${value}": expected a duration like "30s" or "500ms"`);
    total += Number(match[1]) * unitMs[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  if (!(total > 0)) throw new TypeError(`Invalid timeout "${value}": expected a positive duration`);
  return total;
}

type Body = string | ArrayBuffer | Uint8Array | Record<string, unknown> | null | undefined;

/** A plain object body is sent as a form, as k6 does (scripts JSON.stringify themselves). */
function isFormBody(body: Body): body is Record<string, unknown> {
  return body !== null && body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array) &&
    !(body instanceof ArrayBuffer);
}

/** The key under which `headers` holds a header, whatever its case (`name` in lower case). */
function headerKey(headers: Record<string, string>, name: string): string | undefined {
  for (const key in headers) if (key.toLowerCase() === name) return key;
  return undefined;
}

/**
 * A file for a multipart form (k6's `http.file()`): a form body with one of these is sent as
 * `multipart/form-data` instead of URL-encoded.
 */
export class FileData {
  /**
   * @param data the file's bytes
   * @param filename the part's filename
   * @param content_type the part's Content-Type (k6's field name)
   */
  constructor(readonly data: Uint8Array, readonly filename: string, readonly content_type: string) {}
}

/**
 * k6's `http.file(data, [filename], [contentType])`, with k6's defaults: a filename from the clock in
 * nanoseconds, and `application/octet-stream`.
 *
 * @param data the content (a string is sent as UTF-8)
 * @param filename the part's filename
 * @param contentType the part's Content-Type
 * @returns the file, to put in a form body: `http.post(url, { file: http.file(bytes, "a.bin") })`
 */
export function file(
  data: string | ArrayBuffer | Uint8Array,
  filename?: string,
  contentType?: string,
): FileData {
  const bytes = bytesOf(data, "http.file");
  const name = filename ?? String(BigInt(Date.now()) * 1_000_000n);
  return new FileData(bytes, name, contentType ?? "application/octet-stream");
}

/** Go's quoteEscaper, as k6 applies it to a part's filename. */
const escapeQuotes = (text: string) => text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/**
 * A form body with files, as Go's mime/multipart writes it for k6: each field a part (a file with its
 * filename and Content-Type), a random 60-hex-digit boundary, CRLF line ends.
 */
function encodeMultipart(form: Record<string, unknown>): { body: Uint8Array; contentType: string } {
  const boundary = Array.from(
    crypto.getRandomValues(new Uint8Array(30)),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let first = true;
  const part = (headers: string, content: Uint8Array) => {
    chunks.push(encoder.encode(`${first ? "" : "\r\n"}--${boundary}\r\n${headers}\r\n`), content);
    first = false;
  };
  for (const [name, value] of Object.entries(form)) {
    const disposition = `Content-Disposition: form-data; name="${escapeQuotes(name)}"`;
    if (value instanceof FileData) {
      const headers = `${disposition}; filename="${escapeQuotes(value.filename)}"\r\n` +
        `Content-Type: ${value.content_type}\r\n`;
      part(headers, value.data);
    } else {
      // Go's %v, as k6's formatFormVal writes any other value: an array is `[a b]`.
      const text = Array.isArray(value) ? `[${value.map(String).join(" ")}]` : String(value);
      part(`${disposition}\r\n`, encoder.encode(text));
    }
  }
  chunks.push(encoder.encode(`${first ? "" : "\r\n"}--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Encodes a body; a form body (`headers` is then defined) gets a Content-Type unless the script set one. */
function encodeBody(body: Body, headers: Record<string, string> | undefined): string | Uint8Array | null {
  if (!isFormBody(body)) return body instanceof ArrayBuffer ? new Uint8Array(body) : body ?? null;
  if (body instanceof FileData) {
    throw new TypeError(
      "unknown request body type FileData: send a file in a form, { file: http.file(data) }",
    );
  }
  // As k6's requestContainsFile: a file among the form's own values makes it multipart.
  if (Object.values(body).some((v) => v instanceof FileData)) {
    const { body: encoded, contentType } = encodeMultipart(body);
    if (headers !== undefined && headerKey(headers, "content-type") === undefined) {
      headers["Content-Type"] = contentType;
    }
    return encoded;
  }
  if (headers !== undefined && headerKey(headers, "content-type") === undefined) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  // An array value is the field repeated (k6: `tags=a&tags=b`), not one comma-joined value.
  return new URLSearchParams(
    Object.entries(body).flatMap(([k, v]) =>
      Array.isArray(v) ? v.map((item) => [k, String(item)]) : [[k, String(v)]]
    ),
  ).toString();
}

/** k6's request timings, in ms. */
export interface Timings {
  blocked: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
  duration: number;
}

/** A response, with k6's field names. */
export class Response {
  readonly status: number;
  readonly body: string | ArrayBuffer | null;
  readonly url: string;
  readonly error: string;
  readonly error_code: number;
  readonly proto = "HTTP/1.1";

  /**
   * @param outcome the last answer (after any redirects)
   * @param spec the request that got it
   * @param first the request the script made, before any redirect: k6's `res.request`
   */
  constructor(outcome: HttpOutcome, spec: HttpRequestSpec, first: HttpRequestSpec = spec) {
    this.status = outcome.status;
    this.#outcome = outcome;
    const body = outcome.body;
    this.body = body instanceof Uint8Array ? body.slice().buffer : body;
    this.url = spec.url;
    this.error = outcome.error ?? "";
    this.error_code = outcome.errorCode ?? 0;
    this.#first = first;
  }

  #outcome: HttpOutcome;
  #first: HttpRequestSpec;
  #timings: Timings | undefined;

  /** The server's IP address, as k6 gives it ("" when the request got no connection). */
  get remote_ip(): string {
    return this.#outcome.remote?.hostname ?? "";
  }

  /** The server's port (0 when the request got no connection). */
  get remote_port(): number {
    return this.#outcome.remote?.port ?? 0;
  }

  /** k6's timings in ms; built on first use, since most scripts never read them. */
  get timings(): Timings {
    if (this.#timings === undefined) {
      const t = this.#outcome.timings;
      this.#timings = {
        blocked: t.blocked,
        connecting: t.connecting,
        tls_handshaking: t.tlsHandshaking,
        sending: t.sending,
        waiting: t.waiting,
        receiving: t.receiving,
        duration: t.duration,
      };
    }
    return this.#timings;
  }

  /**
   * The request the script made, as k6 gives it: the first one even when redirects followed (k6 builds
   * it before Go's client runs), with Go's canonical header keys and each header's values in an array
   * (Go's `http.Header`), and its cookies by name.
   */
  get request(): {
    method: string;
    url: string;
    headers: Record<string, string[]>;
    body: string;
    cookies: Record<string, { name: string; value: string; replace: boolean }[]>;
  } {
    const spec = this.#first;
    // The body as the script gave it, before any `compression`, as k6 records it.
    const sent = SCRIPT_BODIES.get(spec) ?? spec.body;
    const body = sent === null ? "" : typeof sent === "string" ? sent : new TextDecoder().decode(sent);
    const headers: Record<string, string[]> = {};
    const cookies: Record<string, { name: string; value: string; replace: boolean }[]> = {};
    for (const [key, value] of Object.entries(spec.headers ?? {})) {
      const name = canonicalHeaderKey(key);
      (headers[name] ??= []).push(value);
      if (name !== "Cookie") continue;
      for (const pair of value.split(";")) {
        const at = pair.indexOf("=");
        if (at <= 0) continue;
        const cookie = { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim(), replace: false };
        (cookies[cookie.name] ??= []).push(cookie);
      }
    }
    return { method: spec.method, url: spec.url, headers, body, cookies };
  }
  #headers: Record<string, string> | undefined;

  /** The cookies this response set, by name, as k6 lists them. */
  get cookies(): Record<string, HttpCookie[]> {
    return CookieJar.responseCookies(this.#outcome.setCookies);
  }

  /** The status line's text, e.g. `200 OK`. */
  get status_text(): string {
    return this.#outcome.statusText;
  }

  /** Response headers with Go's canonical keys (`Content-Type`), as k6 gives them; parsed on first use. */
  get headers(): Record<string, string> {
    if (this.#headers === undefined) {
      this.#headers = {};
      for (const [key, value] of Object.entries(this.#outcome.headers)) {
        this.#headers[canonicalHeaderKey(key)] = value;
      }
    }
    return this.#headers;
  }

  /**
   * Parses the body as JSON; with a selector, returns what that GJSON path selects (`items.0.label`,
   * `items.#`, `items.#(score>1)#.label`, `{meta.total,items.#.label}`), as k6 does with gjson. With a
   * selector, a body that is not JSON or a path that selects nothing gives undefined; without one, a body
   * that is not JSON throws.
   *
   * @param selector an optional GJSON path (see src/k6/gjson.ts)
   * @returns the parsed value, or the selected one
   */
  json(selector?: string): unknown {
    if (typeof this.body !== "string") {
      const why = this.error !== ""
        ? `the request failed (${this.error})`
        : this.body === null
        ? "there is no body (responseType none?)"
        : "the body is binary";
      throw new TypeError(`Cannot parse the response of ${this.request.method} ${this.url} as JSON: ${why}`);
    }
    if (selector === undefined) return JSON.parse(this.body);
    let value: unknown;
    try {
      value = JSON.parse(this.body);
    } catch {
      return undefined; // k6: `if !gjson.ValidBytes(body) { return goja.Undefined() }`
    }
    return gjsonGet(value, String(selector));
  }

  /**
   * The body as k6's Selection (k6/html). The HTML parser is loaded when the script mentions `.html(`,
   * `.submitForm(` or `.clickLink(`, or imports k6/html (see script/loader.ts).
   *
   * @param selector with one, the elements it matches (`res.html("form")`, as k6 allows)
   */
  html(selector?: string): unknown {
    const parse = htmlParser();
    if (parse === null) {
      throw new Error(
        "Response.html(): the HTML parser was not loaded, because the script's text never calls .html(, " +
          '.submitForm( or .clickLink( nor imports "k6/html"; add import "k6/html" to the script',
      );
    }
    const body = typeof this.body === "string"
      ? this.body
      : this.body === null
      ? ""
      : new TextDecoder().decode(this.body);
    const document = parse(body, this.url) as { find(selector: string): unknown };
    return selector === undefined ? document : document.find(selector);
  }

  /**
   * Fills in and submits a form of this page, as k6's `submitForm`: the form `formSelector` finds
   * (default `form`), its method (GET without one) and action resolved against this response's URL,
   * its fields by k6's rules with the submit button's name and value (`submitSelector`, default
   * `[type="submit"]`) and `fields` over them; a GET sends them in the query, anything else as a form
   * body. The script transform awaits it, as it does `http.get`.
   *
   * @param options `formSelector`, `fields`, `submitSelector`, and the request's `params`
   * @returns the response to the submission
   */
  submitForm(options?: SubmitFormOptions | null): Promise<Response> {
    const submission = formSubmission(this.html() as PageSelection, this.url, options ?? {});
    const params = (options?.params ?? null) as Params | null;
    if (submission.body === null) return request(submission.method, submission.url, null, params);
    // Already encoded as k6 encodes a form (sorted, Go's escaping), so the form's Content-Type is added here.
    const headers = params?.headers ?? undefined;
    const typed = headers !== undefined &&
      Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
    return request(
      submission.method,
      submission.url,
      submission.body,
      typed
        ? params
        : { ...params, headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers } },
    );
  }

  /**
   * Follows a link of this page, as k6's `clickLink`: a GET of the `href` of the first element
   * `selector` finds (default `a[href]`), resolved against this response's URL. The script transform
   * awaits it, as it does `http.get`.
   *
   * @param options `selector`, and the request's `params`
   * @returns the linked page's response
   */
  clickLink(options?: ClickLinkOptions | null): Promise<Response> {
    const url = linkTarget(this.html() as PageSelection, this.url, options ?? {});
    return request("GET", url, null, (options?.params ?? null) as Params | null);
  }
}

/**
 * Sends a request and waits for its response.
 *
 * @param method HTTP method
 * @param target URL (string or `http.url` template)
 * @param body string, bytes, or an object sent as a form
 * @param params headers, tags, timeout, responseType, responseCallback
 * @returns the response (never rejects for network errors: `status` is 0 and `error` says why)
 */
export function request(
  method: string,
  target: Target,
  body?: Body,
  params: Params | null = {},
): Promise<Response> {
  const vu = currentVu();
  if (vu === undefined) {
    throw new Error(
      "Making HTTP requests in the init context is not supported (as in k6): move it into a function",
    );
  }
  const run = currentRun();
  params ??= NO_PARAMS;
  // Only what the script set is built: a request without headers or tags allocates nothing for them,
  // and the client reuses its encoded bytes.
  let headers: Record<string, string> | undefined;
  if (params.headers !== undefined) {
    headers = {};
    for (const key in params.headers) headers[key] = String(params.headers[key]);
  } else if (isFormBody(body)) {
    headers = {}; // encodeBody adds the form's Content-Type
  }
  const tagged = target instanceof TaggedUrl;
  let url = typeof target === "string" ? target : String(target);
  let login: DigestLogin | undefined;
  if (params.auth !== undefined && params.auth !== "basic") {
    if (params.auth === "ntlm") {
      throw new Error(
        'Unsupported auth "ntlm": Vigil does not implement NTLM authentication; use "basic" or "digest", ' +
          "or run this script on k6",
      );
    }
    if (params.auth === "digest") ({ url, login } = digestLogin(url));
  }
  const jar = params.jar instanceof CookieJar ? params.jar : vuJar(vu, run.httpDefaults.resetCookies);
  if (jar.size > 0 || params.cookies !== undefined) headers = withCookies(headers, jar, url, params.cookies);
  let encoded = encodeBody(body, headers);
  let scriptBody: string | Uint8Array | null = null;
  if (params.compression !== undefined) {
    let algorithms: CompressionAlgorithm[];
    try {
      algorithms = parseCompression(params.compression);
    } catch (error) {
      return rejectedRequest(run, error as Error);
    }
    // As k6: a request without a body has nothing to compress and gets no Content-Encoding.
    if (algorithms.length > 0 && encoded !== null) {
      scriptBody = encoded;
      const compressed = compressBody(encoded, algorithms);
      encoded = compressed.body;
      headers = withContentEncoding(headers, compressed.contentEncoding, run, method, url);
    }
  }
  const spec: HttpRequestSpec = {
    method: method === "GET" ? method : method.toUpperCase(),
    url,
    headers,
    body: encoded,
    timeoutMs: params.timeout === undefined ? DEFAULT_TIMEOUT_MS : timeoutMs(params.timeout),
    responseType: params.responseType ?? run.httpDefaults.responseType,
    tags: tagged || params.tags !== undefined
      ? { ...(tagged ? { name: target.name } : {}), ...params.tags }
      : NO_TAGS,
    expectedStatuses: params.responseCallback === undefined
      ? responseCallbackOf(vu, run)
      : params.responseCallback as ResponseCallback | null,
    timeEvents: true,
  };
  if (scriptBody !== null) SCRIPT_BODIES.set(spec, scriptBody);
  const redirects = params.redirects ?? run.httpDefaults.maxRedirects;
  if (params.redirects !== undefined) REDIRECT_LIMIT_SET.add(spec); // rare: nothing to do per plain request
  const cookies = params.cookies;
  const throwErrors = run.httpDefaults.throw;
  if (login !== undefined) return sendWithDigest(vu, spec, login, redirects, jar, cookies, throwErrors);
  const wrap = (outcome: HttpOutcome) =>
    settle(vu, spec, spec, outcome, redirects, jar, cookies, throwErrors);
  return vu.http(spec, wrap) as Promise<Response>;
}

/** The credentials `auth: "digest"` answers challenges with, and where they belong. */
interface DigestLogin {
  readonly username: string;
  readonly password: string;
  /** Scheme, host and port: a redirect to another origin is not authenticated, as in k6. */
  readonly origin: string;
  /** The request's own response callback (the first response is judged by `isChallenge` instead). */
  expected: ((status: number) => boolean) | null;
}

/** Scheme, host and port, the default port filled in. */
const originOf = (url: URL) =>
  `${url.protocol}//${url.hostname}:${url.port || (url.protocol === "https:" ? 443 : 80)}`;

/**
 * The URL's credentials for `auth: "digest"`, and the URL without them: k6 sends the first request
 * without credentials (with them in the URL, Go's client would send them as basic auth).
 */
function digestLogin(url: string): { url: string; login: DigestLogin } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, login: { username: "", password: "", origin: "", expected: null } }; // fails when sent
  }
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const login = {
    username: decode(parsed.username),
    password: decode(parsed.password),
    origin: originOf(parsed),
    expected: null,
  };
  if (parsed.username === "" && parsed.password === "") return { url, login };
  parsed.username = parsed.password = "";
  return { url: parsed.href, login };
}

/** How k6 judges a digest request's first response: the 401 with the challenge is expected. */
const isChallenge = (status: number) => status === 401;

/** Requests that answer a Digest challenge: a 401 to one of them is the answer, not a new challenge. */
const DIGEST_ANSWERS = new WeakSet<HttpRequestSpec>();

/**
 * Sends an `auth: "digest"` request as k6 does: without credentials first, its 401 counted as an
 * expected response (k6 swaps the response callback for the first response), then `settle` answers the
 * challenge.
 */
function sendWithDigest(
  vu: NonNullable<ReturnType<typeof currentVu>>,
  spec: HttpRequestSpec,
  login: DigestLogin,
  redirects: number,
  jar: CookieJar,
  cookies: Params["cookies"],
  throwErrors: boolean,
): Promise<Response> {
  login.expected = spec.expectedStatuses;
  if (spec.expectedStatuses !== null) spec.expectedStatuses = isChallenge;
  return vu.http(
    spec,
    (outcome) => settle(vu, spec, spec, outcome, redirects, jar, cookies, throwErrors, login),
  ) as Promise<Response>;
}

/**
 * Answers a 401's Digest challenge with a second request carrying `Authorization: Digest …` (RFC 7616,
 * see digest_auth.ts), within what is left of the timeout; null when the 401 is the answer (no challenge
 * Vigil can answer, or another origin than the credentials').
 */
function answerChallenge(
  vu: NonNullable<ReturnType<typeof currentVu>>,
  first: HttpRequestSpec,
  spec: HttpRequestSpec,
  outcome: HttpOutcome,
  redirectsLeft: number,
  jar: CookieJar,
  cookies: Params["cookies"],
  throwErrors: boolean,
  login: DigestLogin,
): Promise<Response> | null {
  const target = new URL(spec.url);
  if (originOf(target) !== login.origin) return null;
  const challenge = findDigestChallenge(outcome.headers["www-authenticate"] ?? "");
  if (challenge === null) return null;
  const authorization = digestAuthorization(challenge, {
    method: spec.method,
    uri: `${target.pathname || "/"}${target.search}`,
    username: login.username,
    password: login.password,
    body: typeof spec.body === "string" ? new TextEncoder().encode(spec.body) : spec.body ?? undefined,
  });
  const headers: Record<string, string> = {};
  for (const key in spec.headers) {
    if (key.toLowerCase() !== "authorization") headers[key] = spec.headers[key]!;
  }
  headers.Authorization = authorization;
  const answer: HttpRequestSpec = {
    ...spec,
    headers,
    expectedStatuses: login.expected,
    timeoutMs: Math.max(1, spec.timeoutMs - outcome.timings.duration - outcome.timings.blocked),
  };
  DIGEST_ANSWERS.add(answer);
  return vu.http(
    answer,
    (reply) => settle(vu, first, answer, reply, redirectsLeft, jar, cookies, throwErrors, login),
  ) as Promise<Response>;
}

/** The bodies of compressed requests as the script gave them, for `res.request.body`. */
const SCRIPT_BODIES = new WeakMap<HttpRequestSpec, string | Uint8Array>();

/**
 * The request's headers with the `Content-Encoding` of its compression; a script's own header is kept,
 * with k6's warning when it names something else.
 */
function withContentEncoding(
  headers: Record<string, string> | undefined,
  contentEncoding: string,
  run: ReturnType<typeof currentRun>,
  method: string,
  url: string,
): Record<string, string> {
  const key = headers === undefined ? undefined : headerKey(headers, "content-encoding");
  if (key === undefined) return { ...headers, "Content-Encoding": contentEncoding };
  if (headers![key] !== contentEncoding) {
    warnOnce(
      run,
      "There's a mismatch between the desired `compression` the manually set `Content-Encoding` header in " +
        `the ${method} request for '${url}', the custom header has precedence and won't be overwritten. ` +
        "This may result in invalid data being sent to the server.",
    );
  }
  return headers!;
}

const warned = new WeakMap<object, Set<string>>();

/** Logs a warning once per run (k6 logs it for every request; a load test would drown in them). */
function warnOnce(run: ReturnType<typeof currentRun>, message: string): void {
  let seen = warned.get(run);
  if (seen === undefined) warned.set(run, seen = new Set());
  if (seen.has(message)) return;
  seen.add(message);
  run.log(`Warning: ${message}`);
}

const NO_TIMINGS = Object.freeze({
  blocked: 0,
  connecting: 0,
  tlsHandshaking: 0,
  sending: 0,
  waiting: 0,
  receiving: 0,
  duration: 0,
});

/** What a request k6 refuses before sending it answers with: k6's empty Response (no URL, no request). */
const REJECTED_SPEC: HttpRequestSpec = Object.freeze({
  method: "",
  url: "",
  headers: undefined,
  body: null,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  responseType: "text",
  tags: NO_TAGS,
  expectedStatuses: null,
});

/**
 * A request whose params k6 cannot use (an unknown `compression`): nothing is sent, and as in k6 the
 * script gets a Response with status 0 and the reason in `error` (with a warning), or, under the `throw`
 * option, the error.
 */
function rejectedRequest(run: ReturnType<typeof currentRun>, error: Error): Promise<Response> {
  if (run.httpDefaults.throw) return Promise.reject(error);
  warnOnce(run, `Request Failed: ${error.message}`);
  const outcome: HttpOutcome = {
    status: 0,
    statusText: "",
    proto: "",
    headers: {},
    setCookies: [],
    hasSetCookie: false,
    body: null,
    bytesSent: 0,
    bytesReceived: 0,
    timings: NO_TIMINGS,
    connectionReused: false,
    error: error.message,
    errorCode: null,
    errorType: null,
    events: null,
    remote: null,
  };
  return Promise.resolve(new Response(outcome, REJECTED_SPEC));
}

/** Statuses Go's client (and so k6) follows. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers Go's client drops when a redirect leaves the original host. */
const SENSITIVE_HEADERS = new Set(["authorization", "www-authenticate", "cookie", "cookie2"]);

/**
 * Follows one redirect as Go's http.Client does for k6: 301/302/303 turn a request other than GET or
 * HEAD into a body-less GET; 307/308 repeat the method and body; credentials stay on the original host.
 * Each hop is a request of its own in the metrics, as in k6; the script gets the last response.
 */
function followRedirect(
  vu: NonNullable<ReturnType<typeof currentVu>>,
  first: HttpRequestSpec,
  from: HttpRequestSpec,
  outcome: HttpOutcome,
  location: string,
  left: number,
  jar: CookieJar,
  cookies: Params["cookies"],
  throwErrors: boolean,
  login: DigestLogin | undefined,
): Promise<Response> {
  let next: URL;
  try {
    next = new URL(location, from.url);
  } catch {
    return Promise.resolve(new Response(outcome, from, first)); // an unusable Location: the 3xx is the answer
  }
  const changeToGet = outcome.status <= 303 && from.method !== "GET" && from.method !== "HEAD";
  let headers = from.headers;
  if (headers !== undefined) {
    headers = {};
    for (const [key, value] of Object.entries(from.headers as Record<string, string>)) {
      const lower = key.toLowerCase();
      if (next.host !== new URL(from.url).host && SENSITIVE_HEADERS.has(lower)) continue;
      if (changeToGet && (lower === "content-type" || lower === "content-length")) continue;
      if (lower === "cookie") continue; // the jar's cookies for the next URL replace them
      if (login !== undefined && lower === "authorization") continue; // answered the last URL's challenge
      headers[key] = value;
    }
  }
  // The jar's cookies for the next URL, and the request's own again, as k6 sets them on every hop.
  if (jar.size > 0 || cookies !== undefined) headers = withCookies(headers, jar, next.href, cookies);
  // Go's client sends the page it came from, unless that would leak an https URL over http.
  const previous = new URL(from.url);
  const hasReferer = headers !== undefined && headerKey(headers, "referer") !== undefined;
  if (!hasReferer && !(previous.protocol === "https:" && next.protocol === "http:")) {
    previous.username = previous.password = previous.hash = "";
    headers = { ...headers, Referer: previous.href };
  }
  const spec: HttpRequestSpec = {
    ...from,
    method: changeToGet ? "GET" : from.method,
    url: next.href,
    headers,
    body: changeToGet ? null : from.body,
    // The timeout covers the whole chain, as Go's client timeout does for k6: what the hops left of it.
    timeoutMs: Math.max(1, from.timeoutMs - outcome.timings.duration - outcome.timings.blocked),
  };
  if (login !== undefined) spec.expectedStatuses = login.expected; // only the first response is a challenge
  return vu.http(
    spec,
    (hop) => settle(vu, first, spec, hop, left - 1, jar, cookies, throwErrors, login),
  ) as Promise<Response>;
}

/**
 * What an answer becomes, for the first request and every redirect hop alike: its cookies go to the jar,
 * a redirect is followed while `redirectsLeft` allows, a network failure throws under `throw`, and
 * anything else is the script's Response.
 */
function settle(
  vu: NonNullable<ReturnType<typeof currentVu>>,
  first: HttpRequestSpec,
  spec: HttpRequestSpec,
  outcome: HttpOutcome,
  redirectsLeft: number,
  jar: CookieJar,
  cookies: Params["cookies"],
  throwErrors: boolean,
  login?: DigestLogin,
): Response | Promise<Response> {
  if (outcome.hasSetCookie) jar.store(spec.url, outcome.setCookies);
  const status = outcome.status;
  if (login !== undefined && status === 401 && !DIGEST_ANSWERS.has(spec)) {
    const answered = answerChallenge(
      vu,
      first,
      spec,
      outcome,
      redirectsLeft,
      jar,
      cookies,
      throwErrors,
      login,
    );
    if (answered !== null) return answered;
  }
  if (status >= 300 && status < 400 && redirectsLeft > 0 && REDIRECTS.has(status)) {
    const location = outcome.headers["location"];
    if (location !== undefined && location !== "") {
      return followRedirect(
        vu,
        first,
        spec,
        outcome,
        location,
        redirectsLeft,
        jar,
        cookies,
        throwErrors,
        login,
      );
    }
  }
  if (throwErrors && status === 0 && outcome.error !== null) throw new Error(outcome.error);
  if (redirectsLeft === 0 && REDIRECTS.has(status) && !REDIRECT_LIMIT_SET.has(first)) {
    // k6's warning when the default limit, not the script, cut a redirect chain (its count is of
    // requests made, so one more than the redirects followed).
    const run = currentRun();
    if (!run.httpDefaults.maxRedirectsSet) {
      warnOnce(
        run,
        `Stopped after ${run.httpDefaults.maxRedirects + 1} redirects and returned the redirection; pass ` +
          `{ redirects: n } in request params or set global maxRedirects to silence this (${
            cleanUrl(first.url)
          })`,
      );
    }
  }
  return new Response(outcome, spec, first);
}

/** Requests whose params set their redirect limit: k6 does not warn when it cuts their chain. */
const REDIRECT_LIMIT_SET = new WeakSet<HttpRequestSpec>();

/**
 * k6's `http.asyncRequest`: `request` that the script awaits itself (`await http.asyncRequest(…)` in an
 * async function, or `Promise.all` over several). Not awaited by the transform: it returns a promise in
 * k6 too.
 */
export function asyncRequest(
  method: string,
  target: Target,
  body?: Body | null,
  params?: Params | null,
): Promise<Response> {
  return request(method, target, body, params);
}

/** GET. */
export function get(target: Target, params?: Params | null): Promise<Response> {
  return request("GET", target, null, params);
}
/** HEAD. */
export function head(target: Target, params?: Params | null): Promise<Response> {
  return request("HEAD", target, null, params);
}
/** POST. */
export function post(target: Target, body?: Body, params?: Params | null): Promise<Response> {
  return request("POST", target, body, params);
}
/** PUT. */
export function put(target: Target, body?: Body, params?: Params | null): Promise<Response> {
  return request("PUT", target, body, params);
}
/** PATCH. */
export function patch(target: Target, body?: Body, params?: Params | null): Promise<Response> {
  return request("PATCH", target, body, params);
}
/** DELETE (k6 names it `del`). */
export function del(target: Target, body?: Body, params?: Params | null): Promise<Response> {
  return request("DELETE", target, body, params);
}
/** OPTIONS. */
export function options(target: Target, body?: Body, params?: Params | null): Promise<Response> {
  return request("OPTIONS", target, body, params);
}

/** A request target: a URL string, or an `http.url` template (k6's `HttpURL`). */
export type Target = string | TaggedUrl | { readonly __brand: "http-url" };

type BatchItem =
  | Target
  | [string, Target, (Body | null)?, (Params | null)?]
  | { method?: string; url: Target; body?: Body | null; params?: Params | null };

function batchOne(item: BatchItem): Promise<Response> {
  if (isTargetOnly(item)) return get(item);
  if (Array.isArray(item)) return request(item[0], item[1], item[2], item[3]);
  return request(item.method ?? "GET", item.url, item.body, item.params);
}

function isTargetOnly(item: BatchItem): item is Target {
  return typeof item === "string" || item instanceof TaggedUrl || !("url" in item || Array.isArray(item));
}

/** The host a batch item goes to, for `batchPerHost` ("" when its URL does not parse: it fails alone). */
function batchHost(item: BatchItem): string {
  const target = isTargetOnly(item) ? item : Array.isArray(item) ? item[1] : item.url;
  try {
    return new URL(String(target)).host;
  } catch {
    return "";
  }
}

/**
 * Runs a batch's requests as k6's MakeBatchRequests does: in the script's order, at most `batch` at once
 * and at most `batchPerHost` to one host (0: no limit); results keep their places.
 */
async function runBatch(items: BatchItem[]): Promise<Response[]> {
  const { batch: globalLimit, batchPerHost } = currentRun().httpDefaults;
  const results: Response[] = new Array(items.length);
  const hosts = new Map<string, { active: number; waiting: (() => void)[] }>();
  const one = async (index: number) => {
    const item = items[index]!;
    if (batchPerHost <= 0) return void (results[index] = await batchOne(item));
    const key = batchHost(item);
    let host = hosts.get(key);
    if (host === undefined) hosts.set(key, host = { active: 0, waiting: [] });
    while (host.active >= batchPerHost) await new Promise<void>((resolve) => host!.waiting.push(resolve));
    host.active++;
    try {
      results[index] = await batchOne(item);
    } finally {
      host.active--;
      host.waiting.shift()?.();
    }
  };
  // As k6: every request runs to its end, then the first error (the `throw` option) is thrown.
  let firstError = null as { error: unknown } | null; // set in the workers: TypeScript cannot see that
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      try {
        await one(next++);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  const workers = globalLimit <= 0 ? items.length : Math.min(globalLimit, items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  if (firstError !== null) throw firstError.error;
  return results;
}

/**
 * Sends several requests in parallel (within the `batch` and `batchPerHost` options) and waits for all,
 * keeping the input's shape (array or object).
 *
 * @param requests URLs, `[method, url, body, params]` tuples or `{ method, url, body, params }` objects
 * @returns the responses, in the same shape
 */
export async function batch(
  requests: BatchItem[] | Record<string, BatchItem>,
): Promise<Response[] | Record<string, Response>> {
  if (Array.isArray(requests)) return await runBatch(requests);
  const entries = Object.entries(requests);
  const responses = await runBatch(entries.map(([, item]) => item));
  return Object.fromEntries(entries.map(([key], i) => [key, responses[i]!]));
}

export default {
  request,
  asyncRequest,
  file,
  get,
  head,
  post,
  put,
  patch,
  del,
  options,
  batch,
  url,
  expectedStatuses,
  setResponseCallback,
  Response,
  cookieJar,
  CookieJar,
};

/**
 * Each VU's jar and the iteration it was last used in (to empty it as a new one starts), kept on the VU
 * under a symbol, so the load layer's VU type need not know about k6 cookies.
 */
const JAR = Symbol("vigil.cookieJar");
type JarSlot = { [JAR]?: { jar: CookieJar; iteration: number } };

function vuJar(vu: NonNullable<ReturnType<typeof currentVu>>, reset: boolean): CookieJar {
  const slot = vu as unknown as JarSlot;
  let entry = slot[JAR];
  if (entry === undefined) {
    entry = { jar: new CookieJar(), iteration: vu.iterationInInstance };
    slot[JAR] = entry;
  } else if (entry.iteration !== vu.iterationInInstance) {
    entry.iteration = vu.iterationInInstance;
    if (reset) entry.jar.clearAll();
  }
  return entry.jar;
}

/**
 * k6's `http.cookieJar()`: the current VU's jar.
 *
 * @returns the jar requests of this VU use by default
 */
export function cookieJar(): CookieJar {
  const vu = currentVu();
  if (vu === undefined) {
    throw new Error("http.cookieJar() is only available inside a VU (not in the init context)");
  }
  return vuJar(vu, currentRun().httpDefaults.resetCookies);
}

/** k6's `params.cookies` values: a value, or `{ value, replace }`. */
type RequestCookie = string | { value?: unknown; replace?: boolean };

/**
 * The request's headers with the `Cookie` header: the request's own cookies first, then the jar's (a
 * `replace`d name only from the request), as k6 orders them; after any `Cookie` header the script set.
 */
function withCookies(
  headers: Record<string, string> | undefined,
  jar: CookieJar,
  url: string,
  cookies: Record<string, RequestCookie> | undefined,
): Record<string, string> | undefined {
  let value: string;
  if (cookies === undefined) {
    value = jar.header(url); // the common case: cached per URL until the jar changes
  } else {
    const pairs: string[] = [];
    const replaced = new Set<string>();
    for (const [name, cookie] of Object.entries(cookies)) {
      const object = typeof cookie === "object" && cookie !== null;
      pairs.push(`${name}=${object ? String(cookie.value) : String(cookie)}`);
      if (object && cookie.replace === true) replaced.add(name);
    }
    for (const [name, values] of Object.entries(jar.cookiesForURL(url))) {
      if (!replaced.has(name)) { for (const v of values) pairs.push(`${name}=${v}`); }
    }
    value = pairs.join("; ");
  }
  if (value === "") return headers;
  const result = { ...headers };
  const existing = headerKey(result, "cookie");
  if (existing !== undefined) result[existing] = `${result[existing]}; ${value}`;
  else result.Cookie = value;
  return result;
}

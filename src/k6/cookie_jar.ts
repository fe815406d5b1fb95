/**
 * k6's cookie jar (`http.cookieJar()`, `new http.CookieJar()`): each VU has one, filled from every
 * `Set-Cookie` it receives (redirect hops included) and emptied at each iteration's start unless the
 * `noCookiesReset` option is set. Storage and matching follow RFC 6265 §5.3–5.4, as Go's
 * `net/http/cookiejar` (k6's) does, without the public suffix list.
 *
 * @module
 */

/** A stored cookie. */
interface Stored {
  name: string;
  value: string;
  /** Lower-case host or domain, without a leading dot. */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** Epoch ms, or Infinity for a session cookie. */
  expires: number;
}

/** A cookie as k6's `Response.cookies` lists it. */
export interface HttpCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  http_only: boolean;
  secure: boolean;
  max_age: number;
  expires: number;
}

/** `set()` options, as k6 names them. */
export interface CookieOptions {
  domain?: string;
  path?: string;
  expires?: string;
  max_age?: number;
  secure?: boolean;
  http_only?: boolean;
}

/**
 * Parses one `Set-Cookie` value (RFC 6265 §5.2); null for one without a name=value pair.
 *
 * @param header the header's value
 * @returns the cookie's fields, with `maxAge` null when absent
 */
export function parseSetCookie(header: string): {
  name: string;
  value: string;
  domain: string | null;
  path: string | null;
  secure: boolean;
  httpOnly: boolean;
  maxAge: number | null;
  expires: number | null;
} | null {
  const parts = header.split(";");
  const pair = parts[0]!;
  const eq = pair.indexOf("=");
  if (eq <= 0) return null;
  const cookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1"),
    domain: null as string | null,
    path: null as string | null,
    secure: false,
    httpOnly: false,
    maxAge: null as number | null,
    expires: null as number | null,
  };
  if (cookie.name === "") return null;
  for (const attribute of parts.slice(1)) {
    const at = attribute.indexOf("=");
    const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? "" : attribute.slice(at + 1).trim();
    if (key === "domain" && value !== "") cookie.domain = value.replace(/^\./, "").toLowerCase();
    else if (key === "path" && value.startsWith("/")) cookie.path = value;
    else if (key === "secure") cookie.secure = true;
    else if (key === "httponly") cookie.httpOnly = true;
    else if (key === "max-age" && /^-?\d+$/.test(value)) cookie.maxAge = Number(value);
    else if (key === "expires") {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) cookie.expires = time;
    }
  }
  return cookie;
}

/** RFC 6265 §5.1.3: `host` is `domain` or a subdomain of it (never an IP address's suffix). */
function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true;
  return host.endsWith(`.${domain}`) && !/^[\d.]+$/.test(host) && !host.includes(":");
}

/** RFC 6265 §5.1.4. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/** RFC 6265 §5.1.4: the directory of the request path. */
function defaultPath(path: string): string {
  if (!path.startsWith("/")) return "/";
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}

/** URLs whose parts are kept: a script requests a handful of URLs over and over. */
const URL_CACHE_SIZE = 256;
const urlParts = new Map<string, { host: string; path: string; secure: boolean } | null>();

/** A URL's host (lower case), path and scheme for matching, parsed once per URL. */
function parsedUrl(url: string): { host: string; path: string; secure: boolean } | null {
  let parts = urlParts.get(url);
  if (parts === undefined) {
    try {
      const parsed = new URL(url);
      parts = {
        host: parsed.hostname.toLowerCase(),
        path: parsed.pathname,
        secure: parsed.protocol === "https:",
      };
    } catch {
      parts = null;
    }
    if (urlParts.size >= URL_CACHE_SIZE) urlParts.clear();
    urlParts.set(url, parts);
  }
  return parts;
}

/**
 * A cookie jar with k6's methods.
 *
 * @example
 * ```ts
 * import { CookieJar } from "./cookie_jar.ts";
 * import assert from "node:assert/strict";
 * const jar = new CookieJar();
 * jar.store("https://shop.example/login", ["session=abc; Path=/; HttpOnly", "theme=dark; Path=/account"]);
 * assert.equal(jar.header("https://shop.example/cart"), "session=abc");
 * assert.deepEqual(jar.cookiesForURL("https://shop.example/account/x"), { theme: ["dark"], session: ["abc"] });
 * ```
 */
export class CookieJar {
  /** By domain, path and name: a cookie replaces the one with the same three (§5.3 step 11). */
  readonly #cookies = new Map<string, Stored>();
  /** Bumped on every change, so `header()` can reuse what it built for a URL. */
  #version = 0;
  /** The earliest expiry among the cookies; past it, expired ones are dropped before matching. */
  #nextExpiry = Infinity;
  readonly #headers = new Map<string, { version: number; header: string }>();

  /** How many cookies are stored (expired ones included until next looked at). */
  get size(): number {
    return this.#cookies.size;
  }

  /**
   * Stores the cookies a response from `url` set.
   *
   * @param url the URL that answered
   * @param setCookies each `Set-Cookie` value
   */
  store(url: string, setCookies: readonly string[]): void {
    const target = parsedUrl(url);
    if (target === null) return;
    const now = Date.now();
    for (const header of setCookies) {
      const cookie = parseSetCookie(header);
      if (cookie === null) continue;
      // A domain attribute must cover the host that set it (§5.3 step 6).
      if (cookie.domain !== null && !domainMatches(target.host, cookie.domain)) continue;
      const expires = cookie.maxAge !== null
        ? (cookie.maxAge <= 0 ? -Infinity : now + cookie.maxAge * 1000)
        : cookie.expires ?? Infinity;
      this.#put({
        name: cookie.name,
        value: cookie.value,
        domain: cookie.domain ?? target.host,
        hostOnly: cookie.domain === null,
        path: cookie.path ?? defaultPath(target.path),
        secure: cookie.secure,
        httpOnly: cookie.httpOnly,
        expires,
      }, now);
    }
  }

  /**
   * The `Cookie` header for a request to `url`, or "" when no cookie applies.
   *
   * @param url the request's URL
   * @returns `name=value; …`, longer paths first (§5.4)
   */
  header(url: string): string {
    if (this.#cookies.size === 0) return "";
    this.#expire();
    const cached = this.#headers.get(url);
    if (cached !== undefined && cached.version === this.#version) return cached.header;
    const header = this.#matching(url).map((c) => `${c.name}=${c.value}`).join("; ");
    if (this.#headers.size >= URL_CACHE_SIZE) this.#headers.clear();
    this.#headers.set(url, { version: this.#version, header });
    return header;
  }

  /**
   * k6's `jar.cookiesForURL(url)`: the values that would be sent to `url`, by name.
   *
   * @param url the URL
   * @returns names mapped to their values
   */
  cookiesForURL(url: string): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    this.#expire();
    for (const cookie of this.#matching(url)) (result[cookie.name] ??= []).push(cookie.value);
    return result;
  }

  /**
   * k6's `jar.set(url, name, value, options)`.
   *
   * @param url the URL the cookie belongs to
   * @param name cookie name
   * @param value cookie value
   * @param options domain, path, expires, max_age, secure, http_only
   */
  set(url: string, name: string, value: string, options: CookieOptions = {}): void {
    const attributes = [`${name}=${value}`];
    if (options.domain !== undefined) attributes.push(`Domain=${options.domain}`);
    if (options.path !== undefined) attributes.push(`Path=${options.path}`);
    if (options.expires !== undefined) attributes.push(`Expires=${options.expires}`);
    if (options.max_age !== undefined) attributes.push(`Max-Age=${options.max_age}`);
    if (options.secure) attributes.push("Secure");
    if (options.http_only) attributes.push("HttpOnly");
    this.store(url, [attributes.join("; ")]);
  }

  /**
   * k6's `jar.delete(url, name)`: forgets the cookie of that name sent to `url`.
   *
   * @param url the URL
   * @param name cookie name
   */
  delete(url: string, name: string): void {
    for (const cookie of this.#matching(url)) if (cookie.name === name) this.#drop(cookie);
  }

  /**
   * k6's `jar.clear(url)`: forgets every cookie sent to `url`.
   *
   * @param url the URL
   */
  clear(url: string): void {
    for (const cookie of this.#matching(url)) this.#drop(cookie);
  }

  /** Forgets everything (a new iteration). */
  clearAll(): void {
    if (this.#cookies.size === 0) return;
    this.#cookies.clear();
    this.#version++;
    this.#nextExpiry = Infinity;
  }

  #put(cookie: Stored, now: number): void {
    const key = `${cookie.domain}\u0000${cookie.path}\u0000${cookie.name}`;
    const old = this.#cookies.get(key);
    if (cookie.expires <= now) {
      if (old !== undefined) this.#drop(old);
      return;
    }
    // The same cookie again (a sticky session cookie on every response) changes nothing.
    if (
      old !== undefined && old.value === cookie.value && old.secure === cookie.secure &&
      old.httpOnly === cookie.httpOnly && old.hostOnly === cookie.hostOnly && old.expires === cookie.expires
    ) {
      return;
    }
    this.#cookies.set(key, cookie);
    if (cookie.expires < this.#nextExpiry) this.#nextExpiry = cookie.expires;
    this.#version++;
  }

  #drop(cookie: Stored): void {
    if (this.#cookies.delete(`${cookie.domain}\u0000${cookie.path}\u0000${cookie.name}`)) this.#version++;
  }

  #expire(): void {
    const now = Date.now();
    if (now < this.#nextExpiry) return;
    this.#nextExpiry = Infinity;
    for (const cookie of [...this.#cookies.values()]) {
      if (cookie.expires <= now) this.#drop(cookie);
      else if (cookie.expires < this.#nextExpiry) this.#nextExpiry = cookie.expires;
    }
  }

  #matching(url: string): Stored[] {
    const target = parsedUrl(url);
    if (target === null) return [];
    const matched: Stored[] = [];
    for (const c of this.#cookies.values()) {
      if (
        (c.hostOnly ? target.host === c.domain : domainMatches(target.host, c.domain)) &&
        pathMatches(target.path, c.path) && (!c.secure || target.secure)
      ) {
        matched.push(c);
      }
    }
    return matched.sort((a, b) => b.path.length - a.path.length);
  }

  /**
   * The cookies a response set, as k6's `Response.cookies` lists them.
   *
   * @param setCookies the response's `Set-Cookie` values
   * @returns names mapped to the cookies of that name
   */
  static responseCookies(setCookies: readonly string[]): Record<string, HttpCookie[]> {
    const result: Record<string, HttpCookie[]> = {};
    for (const header of setCookies) {
      const c = parseSetCookie(header);
      if (c === null) continue;
      (result[c.name] ??= []).push({
        name: c.name,
        value: c.value,
        // As Go's http.Response.Cookies() (k6's): the attributes as sent, "" when absent.
        domain: c.domain ?? "",
        path: c.path ?? "",
        http_only: c.httpOnly,
        secure: c.secure,
        max_age: c.maxAge ?? 0,
        expires: c.expires ?? 0,
      });
    }
    return result;
  }
}

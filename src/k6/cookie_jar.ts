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
  readonly #cookies: Stored[] = [];

  /** How many cookies are stored (expired ones included until next looked at). */
  get size(): number {
    return this.#cookies.length;
  }

  /**
   * Stores the cookies a response from `url` set.
   *
   * @param url the URL that answered
   * @param setCookies each `Set-Cookie` value
   */
  store(url: string, setCookies: readonly string[]): void {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return;
    }
    const host = target.hostname.toLowerCase();
    const now = Date.now();
    for (const header of setCookies) {
      const cookie = parseSetCookie(header);
      if (cookie === null) continue;
      // A domain attribute must cover the host that set it (§5.3 step 6).
      if (cookie.domain !== null && !domainMatches(host, cookie.domain)) continue;
      const expires = cookie.maxAge !== null
        ? (cookie.maxAge <= 0 ? -Infinity : now + cookie.maxAge * 1000)
        : cookie.expires ?? Infinity;
      this.#put({
        name: cookie.name,
        value: cookie.value,
        domain: cookie.domain ?? host,
        hostOnly: cookie.domain === null,
        path: cookie.path ?? defaultPath(target.pathname),
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
    if (this.#cookies.length === 0) return "";
    return this.#matching(url).map((c) => `${c.name}=${c.value}`).join("; ");
  }

  /**
   * k6's `jar.cookiesForURL(url)`: the values that would be sent to `url`, by name.
   *
   * @param url the URL
   * @returns names mapped to their values
   */
  cookiesForURL(url: string): Record<string, string[]> {
    const result: Record<string, string[]> = {};
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
    const doomed = new Set(this.#matching(url).filter((c) => c.name === name));
    this.#remove((c) => doomed.has(c));
  }

  /**
   * k6's `jar.clear(url)`: forgets every cookie sent to `url`.
   *
   * @param url the URL
   */
  clear(url: string): void {
    const doomed = new Set(this.#matching(url));
    this.#remove((c) => doomed.has(c));
  }

  /** Forgets everything (a new iteration). */
  clearAll(): void {
    this.#cookies.length = 0;
  }

  #put(cookie: Stored, now: number): void {
    this.#remove((c) => c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path);
    if (cookie.expires > now) this.#cookies.push(cookie);
  }

  #remove(doomed: (cookie: Stored) => boolean): void {
    for (let i = this.#cookies.length - 1; i >= 0; i--) {
      if (doomed(this.#cookies[i]!)) this.#cookies.splice(i, 1);
    }
  }

  #matching(url: string): Stored[] {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return [];
    }
    const host = target.hostname.toLowerCase();
    const secure = target.protocol === "https:";
    const now = Date.now();
    this.#remove((c) => c.expires <= now);
    return this.#cookies
      .filter((c) =>
        (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)) &&
        pathMatches(target.pathname, c.path) && (!c.secure || secure)
      )
      .sort((a, b) => b.path.length - a.path.length);
  }

  /**
   * The cookies a response set, as k6's `Response.cookies` lists them.
   *
   * @param url the URL that answered
   * @param setCookies its `Set-Cookie` values
   * @returns names mapped to the cookies of that name
   */
  static responseCookies(url: string, setCookies: readonly string[]): Record<string, HttpCookie[]> {
    let host = "";
    try {
      host = new URL(url).hostname;
    } catch {
      // keep ""
    }
    const result: Record<string, HttpCookie[]> = {};
    for (const header of setCookies) {
      const c = parseSetCookie(header);
      if (c === null) continue;
      (result[c.name] ??= []).push({
        name: c.name,
        value: c.value,
        domain: c.domain ?? host,
        path: c.path ?? "/",
        http_only: c.httpOnly,
        secure: c.secure,
        max_age: c.maxAge ?? 0,
        expires: c.expires ?? 0,
      });
    }
    return result;
  }
}

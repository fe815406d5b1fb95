/**
 * Target URLs as they may be shown: credentials in a URL (`http://user:pw@host`) are sent with each
 * request but never printed or served.
 *
 * @module
 */

/**
 * A URL safe to print or serve, as k6's `URL.Clean()`: user info becomes `****:****` (with a password)
 * or `****`. Everything else, and a URL without user info, is returned unchanged.
 *
 * @param url an absolute URL, as a target's `url`
 * @returns the URL with its credentials masked
 * @example
 * ```ts
 * import { cleanUrl } from "./clean_url.ts";
 * import assert from "node:assert/strict";
 * assert.equal(cleanUrl("http://admin:s3cret@host/a?b=1"), "http://****:****@host/a?b=1");
 * assert.equal(cleanUrl("https://token@host/"), "https://****@host/");
 * ```
 */
export function cleanUrl(url: string): string {
  const at = url.indexOf("@");
  if (at < 0) return url; // the common case: nothing to mask, and nothing scanned twice
  const start = url.indexOf("://");
  if (start < 0) return url;
  let end = url.length;
  for (const c of ["/", "?", "#"]) {
    const i = url.indexOf(c, start + 3);
    if (i >= 0 && i < end) end = i;
  }
  // The last "@" before the path ends the user info: a password may itself contain "@".
  const userEnd = url.lastIndexOf("@", end - 1);
  if (userEnd <= start) return url;
  const userInfo = url.slice(start + 3, userEnd);
  return url.slice(0, start + 3) + (userInfo.includes(":") ? "****:****" : "****") + url.slice(userEnd);
}

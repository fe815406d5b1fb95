/**
 * Bearer-token protection of the write endpoints, when `server.token` is configured.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";

/**
 * Requires `Authorization: Bearer <token>` on the routes it guards; with no token configured it lets
 * everything through, so a local demo needs no setup.
 *
 * @param token the configured token; undefined or empty disables the check
 * @param onReject called once per refused request (for a metric)
 * @returns the middleware
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import { bearerAuth } from "./auth.ts";
 * import assert from "node:assert/strict";
 * const app = new Hono().post("/w", bearerAuth("s3cret"), (c) => c.text("ok"));
 * assert.equal((await app.request("/w", { method: "POST" })).status, 401);
 * const ok = await app.request("/w", { method: "POST", headers: { authorization: "Bearer s3cret" } });
 * assert.equal(ok.status, 200);
 * ```
 */
export function bearerAuth(token: string | undefined, onReject: () => void = () => {}): MiddlewareHandler {
  const expected = token === undefined || token === "" ? undefined : new TextEncoder().encode(token);
  return async function bearerAuth(c, next) {
    if (expected === undefined) return await next();
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match === null || !sameBytes(new TextEncoder().encode(match[1]!.trim()), expected)) {
      onReject();
      c.header("www-authenticate", 'Bearer realm="vigil"');
      return c.json({
        error: match === null
          ? 'Missing header "authorization": expected "Bearer <token>" (server.token is set)'
          : 'Invalid header "authorization": the token does not match server.token',
      }, 401);
    }
    await next();
  };
}

// Compares in time independent of where the first difference is, so the token cannot be guessed bytewise.
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ b[i]!;
  return diff === 0;
}

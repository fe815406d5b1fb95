/** k6's cookies: the VU's jar, Set-Cookie on responses and redirects, params.cookies, per-iteration reset. */
import assert from "assert";
import { EXIT } from "../../src/load/engine.ts";
import { runScript, serveTarget } from "../_helpers/load.ts";

function cookieTarget() {
  const seen: { path: string; cookie: string }[] = [];
  const server = serveTarget((request) => {
    const path = new URL(request.url).pathname;
    seen.push({ path, cookie: request.headers.get("cookie") ?? "" });
    const headers = new Headers();
    if (path === "/login") {
      headers.append("set-cookie", "session=abc; Path=/; HttpOnly");
      // An Expires date holds a comma: the cookies must not be split on it.
      headers.append("set-cookie", "theme=dark; Path=/account; Expires=Wed, 21 Oct 2099 07:28:00 GMT");
    }
    if (path === "/sso") {
      headers.append("set-cookie", "sso=1; Path=/");
      headers.set("location", "/me");
      return new Response(null, { status: 302, headers });
    }
    return new Response("ok", { headers });
  });
  return { seen, server };
}

async function run(script: string, target: string) {
  const checks: Record<string, number[]> = {};
  const result = await runScript(script, {
    env: { TARGET: target },
    log: () => {},
    onSample: (metric, value, tags) => {
      if (metric === "checks") (checks[tags.check ?? ""] ??= []).push(value);
    },
  });
  return { result, checks };
}

Deno.test("cookies: the VU's jar keeps Set-Cookie (redirects too), sends it back, and empties each iteration", async () => {
  const { seen, server } = cookieTarget();
  try {
    const { result, checks } = await run(
      `import http from "k6/http";\nimport { check } from "k6";\n` +
        `export const options = { scenarios: { s: { executor: "per-vu-iterations", vus: 1, iterations: 2 } } };\n` +
        `export default function () {\n` +
        `  const T = __ENV.TARGET;\n` +
        `  http.get(T + "/before");\n` +
        `  const login = http.get(T + "/login");\n` +
        `  check(login, {\n` +
        `    "response cookies": (r) => r.cookies.session[0].value === "abc" && r.cookies.session[0].http_only &&\n` +
        `      r.cookies.theme[0].path === "/account",\n` +
        `  });\n` +
        `  http.get(T + "/account/page");\n` +
        `  http.get(T + "/me", { cookies: { extra: "1", session: { value: "override", replace: true } } });\n` +
        `  http.get(T + "/sso", { cookies: { hop: "h" } });\n` +
        `  const jar = http.cookieJar();\n` +
        `  check(jar, { "cookiesForURL": (j) => j.cookiesForURL(T + "/").session[0] === "abc" });\n` +
        `  jar.set(T, "manual", "yes");\n` +
        `  jar.delete(T + "/", "sso");\n` +
        `  http.get(T + "/after-set");\n` +
        `}\n`,
      server.url,
    );
    assert.equal(result.exitCode, EXIT.ok, result.error ?? "");
    assert.deepEqual(checks["response cookies"], [1, 1]);
    assert.deepEqual(checks["cookiesForURL"], [1, 1]);
    const first = seen.slice(0, seen.length / 2);
    const second = seen.slice(seen.length / 2);
    for (const iteration of [first, second]) {
      const cookieOf = (path: string) => iteration.find((s) => s.path === path)?.cookie;
      assert.equal(cookieOf("/before"), "", "the jar starts empty each iteration");
      assert.equal(cookieOf("/account/page"), "theme=dark; session=abc", "longer paths first");
      assert.equal(cookieOf("/me"), "extra=1; session=override", "params.cookies first, replace");
      // The redirect's Set-Cookie is sent to where it points.
      const me = iteration.filter((s) => s.path === "/me");
      assert.equal(me[1]?.cookie, "hop=h; session=abc; sso=1", "the request's cookies on every hop");
      assert.equal(cookieOf("/after-set"), "session=abc; manual=yes");
    }
  } finally {
    await server.close();
  }
});

Deno.test("cookies: noCookiesReset keeps the jar between iterations", async () => {
  const { seen, server } = cookieTarget();
  try {
    const { result } = await run(
      `import http from "k6/http";\n` +
        `export const options = { noCookiesReset: true,\n` +
        `  scenarios: { s: { executor: "per-vu-iterations", vus: 1, iterations: 2 } } };\n` +
        `export default function () { http.get(__ENV.TARGET + "/me"); http.get(__ENV.TARGET + "/login"); }\n`,
      server.url,
    );
    assert.equal(result.exitCode, EXIT.ok, result.error ?? "");
    assert.deepEqual(seen.filter((s) => s.path === "/me").map((s) => s.cookie), ["", "session=abc"]);
  } finally {
    await server.close();
  }
});

/**
 * The `auth` request param: Digest authentication (RFC 7616) computed as the RFCs' own examples say and
 * done against a real loopback server that checks it, basic auth from the URL, and NTLM refused.
 */
import assert from "assert";
import { createHash } from "node:crypto";
import { digestAuthorization, findDigestChallenge } from "../../src/k6/digest_auth.ts";
import type { Tags } from "../../src/load/metrics.ts";
import { runScript, serveTarget } from "../_helpers/load.ts";

/** The parameters of an `Authorization: Digest …` value. */
function credentials(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of header.slice("Digest ".length).matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    out[match[1]!] = match[2] ?? match[3]!;
  }
  return out;
}

Deno.test("digestAuthorization() gives RFC 7616's example responses for MD5 and SHA-256", () => {
  // RFC 7616 section 3.9.1.
  const header = (algorithm: string) =>
    `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, ` +
    `nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
  const request = {
    method: "GET",
    uri: "/dir/index.html",
    username: "Mufasa",
    password: "Circle of Life",
    cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  };
  const md5 = credentials(digestAuthorization(findDigestChallenge(header("MD5"))!, request));
  assert.deepEqual(md5, {
    username: "Mufasa",
    realm: "http-auth@example.org",
    nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
    uri: "/dir/index.html",
    response: "8ca523f5e9506fed4657c9700eebdbec",
    algorithm: "MD5",
    cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
    opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
    qop: "auth",
    nc: "00000001",
  });
  const sha256 = credentials(digestAuthorization(findDigestChallenge(header("SHA-256"))!, request));
  assert.equal(sha256.response, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
});

Deno.test("digestAuthorization(): -sess, no qop (RFC 2069), auth-int and userhash", () => {
  const md5 = (text: string | Uint8Array) => createHash("md5").update(text).digest("hex");
  const request = { method: "POST", uri: "/a?b=1", username: "ann", password: "pw", cnonce: "c0ffee" };
  const sess = credentials(digestAuthorization(
    findDigestChallenge('Digest realm="r", nonce="n", qop="auth", algorithm=MD5-sess')!,
    request,
  ));
  const ha1 = md5(`${md5("ann:r:pw")}:n:c0ffee`);
  assert.equal(sess.response, md5(`${ha1}:n:00000001:c0ffee:auth:${md5("POST:/a?b=1")}`));
  assert.equal(sess.algorithm, "MD5-sess");

  const legacy = credentials(
    digestAuthorization(findDigestChallenge('Digest realm="r", nonce="n"')!, request),
  );
  assert.equal(legacy.response, md5(`${md5("ann:r:pw")}:n:${md5("POST:/a?b=1")}`));
  assert.deepEqual([legacy.qop, legacy.nc, legacy.cnonce, legacy.algorithm], [
    undefined,
    undefined,
    undefined,
    undefined,
  ]);

  const body = new TextEncoder().encode("payload");
  const integrity = credentials(digestAuthorization(
    findDigestChallenge('Digest realm="r", nonce="n", qop="auth-int", userhash=true')!,
    { ...request, body },
  ));
  const ha2 = md5(`POST:/a?b=1:${md5(body)}`);
  assert.equal(integrity.response, md5(`${md5("ann:r:pw")}:n:00000001:c0ffee:auth-int:${ha2}`));
  assert.equal(integrity.username, md5("ann:r"), "userhash: the username hashed with the realm");
  assert.equal(integrity.userhash, "true");

  assert.equal(findDigestChallenge('Basic realm="r"'), null);
  assert.equal(findDigestChallenge('Digest realm="r", nonce="n", qop="auth-conf"'), null);
  assert.equal(
    findDigestChallenge(
      'Negotiate abc==, Digest realm="r", nonce="n", algorithm=SHA-1, Digest realm="s", nonce="m"',
    )
      ?.realm,
    "s",
    "the first challenge Vigil can answer",
  );
});

/** Checks an Authorization header as a server would, with an independent computation. */
function verify(
  header: string | null,
  method: string,
  password: string,
  algorithm: string,
  body: string,
): boolean {
  if (header === null || !header.startsWith("Digest ")) return false;
  const c = credentials(header);
  const name = algorithm.replace(/-sess$/, "") === "SHA-256" ? "sha256" : "md5";
  const h = (text: string) => createHash(name).update(text).digest("hex");
  let ha1 = h(`${c.username}:${c.realm}:${password}`);
  if (algorithm.endsWith("-sess")) ha1 = h(`${ha1}:${c.nonce}:${c.cnonce}`);
  const ha2 = c.qop === "auth-int" ? h(`${method}:${c.uri}:${h(body)}`) : h(`${method}:${c.uri}`);
  return c.response === h(`${ha1}:${c.nonce}:${c.nc}:${c.cnonce}:${c.qop}:${ha2}`);
}

Deno.test("auth: digest sends the request without credentials, answers the 401's challenge, and counts both", async () => {
  const seen: { path: string; authorization: string | null }[] = [];
  const target = serveTarget(async (request) => {
    const url = new URL(request.url);
    const authorization = request.headers.get("authorization");
    seen.push({ path: url.pathname + url.search, authorization });
    if (url.pathname === "/hop") return Response.redirect(`${target.url}/secret?alg=MD5`, 302);
    const algorithm = url.searchParams.get("alg") ?? "MD5";
    const qop = url.searchParams.get("qop") ?? "auth";
    const body = await request.text();
    if (verify(authorization, request.method, "p@ss word", algorithm, body)) {
      return new Response(`hello ${body}`);
    }
    return new Response("who are you?", {
      status: 401,
      headers: [
        ["www-authenticate", 'Basic realm="old"'],
        [
          "www-authenticate",
          `Digest realm="vigil", nonce="abc123", opaque="xyz", algorithm=${algorithm}, qop="${qop}"`,
        ],
      ],
    });
  });
  const base = target.url.replace("http://", "http://ann:p%40ss%20word@");
  const wrong = target.url.replace("http://", "http://ann:nope@");
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `export default function () {\n` +
    `  for (const q of ["alg=MD5", "alg=MD5-sess", "alg=SHA-256&x=1"]) {\n` +
    `    const res = http.get("${base}/secret?" + q, { auth: "digest" });\n` +
    `    check(res, { [q]: (r) => r.status === 200 && r.body === "hello " });\n` +
    `  }\n` +
    `  const posted = http.post("${base}/form?qop=auth-int", "a=1", { auth: "digest" });\n` +
    `  check(posted, { "auth-int": (r) => r.status === 200 && r.body === "hello a=1" });\n` +
    `  const denied = http.get("${wrong}/secret", { auth: "digest" });\n` +
    `  check(denied, { "wrong password": (r) => r.status === 401 });\n` +
    `  const hopped = http.get("${base}/hop", { auth: "digest" });\n` +
    `  check(hopped, { "redirected, then challenged": (r) => r.status === 200 });\n` +
    `}\n`;
  const failed: { value: number; tags: Tags }[] = [];
  const logs: string[] = [];
  try {
    const result = await runScript(source, {
      env: { TARGET: target.url },
      log: (line) => logs.push(line),
      onSample: (metric, value, tags) => {
        if (metric === "http_req_failed") failed.push({ value, tags });
      },
    });
    assert.equal(result.exitCode, 0, `${result.error ?? ""}\n${logs.join("\n")}`);
  } finally {
    await target.close();
  }
  assert.equal(seen.length, 13, "two requests each, and a redirect before the last two");
  for (let i = 0; i < 10; i += 2) {
    assert.equal(seen[i]!.authorization, null, "the first request goes without credentials, not even basic");
    assert.equal(seen[i + 1]!.path, seen[i]!.path);
    const answer = credentials(seen[i + 1]!.authorization ?? "");
    assert.equal(answer.username, "ann");
    assert.equal(answer.uri, seen[i]!.path);
    assert.equal(answer.nc, "00000001");
    assert.equal(answer.opaque, "xyz");
  }
  assert.equal(credentials(seen[7]!.authorization!).qop, "auth-int");
  assert.deepEqual(seen.slice(10).map((s) => [s.path, s.authorization?.slice(0, 6) ?? null]), [
    ["/hop", null],
    ["/secret?alg=MD5", null],
    ["/secret?alg=MD5", "Digest"],
  ]);
  // k6 expects the first response to be the challenge (even when it is a redirect); the rest are judged
  // as any response.
  assert.deepEqual(
    failed.map((f) => [f.tags.status, f.value]),
    [
      ...Array(4).fill([["401", 0], ["200", 0]]).flat(),
      ["401", 0],
      ["401", 1],
      ["302", 1],
      ["401", 1],
      ["200", 0],
    ],
  );
});

Deno.test("auth: basic sends the URL's credentials; auth: ntlm is refused, naming it", async () => {
  const authorizations: (string | null)[] = [];
  const target = serveTarget((request) => {
    authorizations.push(request.headers.get("authorization"));
    return new Response("ok");
  });
  const url = target.url.replace("http://", "http://ann:s%C3%A9same@");
  const source = `import http from "k6/http";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
    `export default function () {\n` +
    `  http.get("${url}/basic", { auth: "basic" });\n` +
    `  http.get("${url}/ntlm", { auth: "ntlm" });\n` +
    `}\n`;
  const logs: string[] = [];
  try {
    await runScript(source, { env: {}, log: (line) => logs.push(line) });
  } finally {
    await target.close();
  }
  const basic = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode("ann:sésame")))}`;
  assert.deepEqual(authorizations, [basic], "nothing sent for ntlm");
  assert.ok(
    logs.some((line) =>
      line.includes('Unsupported auth "ntlm": Vigil does not implement NTLM authentication')
    ),
    logs.join("\n"),
  );
});

/** k6/crypto against published test vectors (FIPS 180, RFC 1321, RFC 4231) and k6's output encodings. */
import assert from "assert";
import crypto from "../../src/k6/crypto.ts";
import { runScript, serveTarget } from "../_helpers/load.ts";

Deno.test("hashes and HMACs give the published vectors in k6's encodings", () => {
  assert.equal(crypto.md5("abc", "hex"), "900150983cd24fb0d6963f7d28e17f72");
  assert.equal(crypto.sha1("abc", "hex"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  assert.equal(
    crypto.sha256("abc", "hex"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(
    crypto.sha512_256("abc", "hex"),
    "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
  );
  // RFC 4231 test case 2, in every encoding k6 offers.
  const hex = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
  const bytes = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  const b64 = btoa(String.fromCharCode(...bytes));
  const key = "Jefe";
  const data = "what do ya want for nothing?";
  assert.equal(crypto.hmac("sha256", key, data, "hex"), hex);
  assert.equal(crypto.hmac("sha256", key, data, "base64"), b64);
  assert.equal(crypto.hmac("sha256", key, data, "base64url"), b64.replace(/\+/g, "-").replace(/\//g, "_"));
  assert.equal(
    crypto.hmac("sha256", key, data, "base64rawurl"),
    b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  );
  assert.deepEqual(new Uint8Array(crypto.hmac("sha256", key, data, "binary") as ArrayBuffer), bytes);
  const hasher = crypto.createHMAC("sha256", new TextEncoder().encode(key).buffer);
  hasher.update("what do ya ");
  hasher.update("want for nothing?");
  assert.equal(hasher.digest("hex"), hex, "incremental, with a binary key");
  assert.equal(crypto.randomBytes(16).byteLength, 16);
  assert.throws(() => crypto.sha256("x", "base32" as "hex"), /invalid output encoding/);
  assert.throws(() => crypto.createHash("sha3" as "sha1"), /invalid algorithm/);
});

Deno.test("a script signs its requests with k6/crypto", async () => {
  const signatures: string[] = [];
  const target = serveTarget((request) => {
    signatures.push(request.headers.get("x-signature") ?? "");
    return new Response("ok");
  });
  const source = `import http from "k6/http";\nimport crypto from "k6/crypto";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
    `export default function () {\n` +
    `  const body = JSON.stringify({ a: 1 });\n` +
    `  http.post(__ENV.TARGET, body, { headers: { "X-Signature": crypto.hmac("sha256", "s3cret", body, "hex") } });\n` +
    `}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.deepEqual(signatures, [crypto.hmac("sha256", "s3cret", JSON.stringify({ a: 1 }), "hex")]);
  } finally {
    await target.close();
  }
});

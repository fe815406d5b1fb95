import assert from "assert";
import { CookieJar, parseSetCookie } from "../../src/k6/cookie_jar.ts";

Deno.test("CookieJar follows RFC 6265 for domains, paths, Secure and expiry", () => {
  const jar = new CookieJar();
  jar.store("https://api.shop.example/v1/login", [
    "host=1", // host-only, default path /v1
    "wide=2; Domain=.shop.example; Path=/",
    "foreign=3; Domain=other.example; Path=/", // not the setter's domain: refused
    "secret=4; Path=/; Secure",
    "gone=5; Path=/; Max-Age=0",
  ]);
  assert.equal(jar.header("https://api.shop.example/v1/items"), "host=1; wide=2; secret=4");
  assert.equal(jar.header("https://api.shop.example/v2"), "wide=2; secret=4", "path /v1 only");
  assert.equal(
    jar.header("https://www.shop.example/"),
    "wide=2",
    "a Domain cookie on a sibling; host-only not",
  );
  assert.equal(jar.header("http://api.shop.example/"), "wide=2", "Secure only over https");
  assert.equal(jar.header("https://other.example/"), "");
  // A later Max-Age=0 deletes; the same name, domain and path replaces.
  jar.store("https://api.shop.example/", [
    "wide=9; Domain=shop.example; Path=/",
    "secret=; Path=/; Max-Age=0",
  ]);
  assert.equal(jar.header("https://api.shop.example/v1/x"), "host=1; wide=9");
  jar.clearAll();
  assert.equal(jar.size, 0);
});

Deno.test("a cookie with a Domain never matches an IP address's suffix", () => {
  const jar = new CookieJar();
  jar.store("http://127.0.0.1:8080/", ["a=1; Domain=0.0.1"]);
  assert.equal(jar.header("http://127.0.0.1:8080/"), "");
  jar.store("http://127.0.0.1:8080/", ["b=2"]);
  assert.equal(jar.header("http://127.0.0.1:8080/x"), "b=2");
});

Deno.test("parseSetCookie reads attributes case-insensitively and keeps commas in Expires", () => {
  const cookie = parseSetCookie('id="a1"; EXPIRES=Wed, 21 Oct 2099 07:28:00 GMT; httponly; path=/app');
  assert.equal(cookie?.value, "a1");
  assert.equal(cookie?.path, "/app");
  assert.equal(cookie?.httpOnly, true);
  assert.equal(cookie?.expires, Date.parse("Wed, 21 Oct 2099 07:28:00 GMT"));
  assert.equal(parseSetCookie("novalue"), null);
  assert.equal(parseSetCookie("=x"), null);
});

import assert from "assert";
import { cleanUrl } from "../../src/config/clean_url.ts";

Deno.test("cleanUrl() masks user info as k6's URL.Clean and leaves everything else alone", () => {
  assert.equal(cleanUrl("http://user:pw@127.0.0.1:19120/ok"), "http://****:****@127.0.0.1:19120/ok");
  assert.equal(cleanUrl("https://token@host/predict"), "https://****@host/predict");
  assert.equal(cleanUrl("http://u:p@ss@host/a"), "http://****:****@host/a");
  assert.equal(cleanUrl("http://host/a?email=a@b.c#x@y"), "http://host/a?email=a@b.c#x@y");
  assert.equal(cleanUrl("http://host:8080/"), "http://host:8080/");
});

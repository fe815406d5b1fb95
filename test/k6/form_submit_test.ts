/**
 * `Response.submitForm()` and `Response.clickLink()`: the request k6's response.go makes from a page
 * (method, action, fields, submit button, link), and scripts that use them against a real loopback
 * target, awaited like `http.get` without importing k6/html.
 */
import assert from "assert";
import { formSubmission, linkTarget } from "../../src/k6/form_submit.ts";
import { parseHTML } from "../../src/k6/html.ts";
import { runScript, serveTarget } from "../_helpers/load.ts";

const PAGE_URL = "http://shop.test/account/edit?tab=1";

const LOGIN = `<html><body>
<form id="search"><input name="q" value="pears"></form>
<form id="login" method="post" action="../session"><input type="hidden" name="csrf" value="t0k3n">
<input name="user" value="ann"><input type="password" name="pass">
<select name="tags" multiple><option selected>a</option><option>b</option><option selected>c d</option></select>
<input type="checkbox" name="remember" checked="checked"><input type="checkbox" name="newsletter">
<input type="submit" name="go" value="Sign in"><input type="submit" name="other" value="Other"></form>
<a name="top">top</a><a href="/help#faq" class="help">Help</a><a class="nohref">x</a>
</body></html>`;

Deno.test("formSubmission() posts a form as k6 does: action, fields, submit button, script's fields over them", () => {
  const page = parseHTML(LOGIN, PAGE_URL);
  assert.deepEqual(
    formSubmission(page, PAGE_URL, { formSelector: "#login", fields: { pass: "s3cret*~", user: "bob" } }),
    {
      method: "POST",
      url: "http://shop.test/session",
      // Sorted and escaped as Go's url.Values; the first submit button's name and value; a multiple
      // select as Go formats a []string.
      body: "csrf=t0k3n&go=Sign+in&pass=s3cret%2A~&remember=on&tags=%5Ba+c+d%5D&user=bob",
    },
  );
  assert.equal(
    formSubmission(page, PAGE_URL, {
      formSelector: "#login",
      submitSelector: "[name=other]",
      fields: { tags: ["x", "y"], n: 42, none: null },
    }).body,
    "csrf=t0k3n&n=42&none=%3Cnil%3E&other=Other&pass=&remember=on&tags=x&tags=y&user=ann",
    "a script's array is the field repeated; other values as Go's %v",
  );
});

Deno.test("formSubmission() puts a GET form's fields in the query, replacing the action's", () => {
  const page = parseHTML(LOGIN, PAGE_URL);
  assert.deepEqual(formSubmission(page, PAGE_URL, { formSelector: "#search" }), {
    method: "GET",
    url: "http://shop.test/account/edit?q=pears",
    body: null,
  }, "no method is GET; no action is the response's URL");
  // k6 takes the method and action of the first form the selector finds, but the fields and submit
  // button of all of them (its docs say "the first form"; its code does this).
  assert.deepEqual(formSubmission(page, PAGE_URL), {
    method: "GET",
    url:
      "http://shop.test/account/edit?csrf=t0k3n&go=Sign+in&pass=&q=pears&remember=on&tags=a%2Cc+d&user=ann",
    body: null,
  });
  const get = parseHTML(
    `<form method="get" action="/find?old=1"><select name="s" multiple><option selected>a</option>` +
      `<option selected>b</option></select><button type="submit" name="go">Go</button></form>`,
  );
  assert.deepEqual(formSubmission(get, PAGE_URL, { fields: { page: 2 } }), {
    method: "GET",
    url: "http://shop.test/find?go=&page=2&s=a%2Cb",
    body: null,
  });
  assert.throws(
    () => formSubmission(page, PAGE_URL, { formSelector: "#missing" }),
    { message: `no form found for selector '#missing' in response '${PAGE_URL}'` },
  );
});

Deno.test("linkTarget() follows the first match's href, resolved against the response's URL", () => {
  const page = parseHTML(LOGIN, PAGE_URL);
  assert.equal(
    linkTarget(page, PAGE_URL),
    "http://shop.test/help#faq",
    "default a[href] skips a name-only anchor",
  );
  assert.throws(
    () => linkTarget(page, PAGE_URL, { selector: "a.gone" }),
    { message: `no element found for selector 'a.gone' in response '${PAGE_URL}'` },
  );
  assert.throws(
    () => linkTarget(page, PAGE_URL, { selector: "a.nohref" }),
    { message: `no valid href attribute value found on element 'a.nohref' in response '${PAGE_URL}'` },
  );
});

Deno.test("a script logs in with res.submitForm() and follows res.clickLink(), each awaited like http.get", async () => {
  const seen: {
    method: string;
    path: string;
    contentType: string | null;
    body: string;
    tag: string | null;
  }[] = [];
  const target = serveTarget(async (request) => {
    const url = new URL(request.url);
    seen.push({
      method: request.method,
      path: url.pathname + url.search,
      contentType: request.headers.get("content-type"),
      body: await request.text(),
      tag: request.headers.get("x-flow"),
    });
    const html = (body: string) => new Response(body, { headers: { "content-type": "text/html" } });
    if (url.pathname === "/account/login") return html(LOGIN);
    if (url.pathname === "/session") return html(`<p>hi</p><a href="orders?page=1">Orders</a>`);
    if (url.pathname === "/orders") return html(`<form action="/search"><input name="q"></form>`);
    return new Response(`found ${url.searchParams.get("q")}`);
  });
  // No import of k6/html and no .html( call: the loader loads the parser for submitForm and clickLink.
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `function openOrders(res) { return res.clickLink({ selector: "a", params: { headers: { "X-Flow": "orders" } } }); }\n` +
    `export default function () {\n` +
    `  const page = http.get(__ENV.TARGET + "/account/login");\n` +
    `  const home = page.submitForm({ formSelector: "#login", fields: { pass: "pw" } });\n` +
    `  check(home, { "signed in": (r) => r.status === 200 && r.body.includes("hi") });\n` +
    `  const orders = openOrders(home);\n` +
    `  check(orders, { "orders": (r) => r.url.endsWith("/orders?page=1") });\n` +
    `  const found = orders.submitForm({ fields: { q: "tea" } });\n` +
    `  check(found, { "searched": (r) => r.body === "found tea" });\n` +
    `}\n`;
  const logs: string[] = [];
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
    assert.equal(result.exitCode, 0, `${result.error ?? ""}\n${logs.join("\n")}`);
  } finally {
    await target.close();
  }
  assert.deepEqual(seen, [
    { method: "GET", path: "/account/login", contentType: null, body: "", tag: null },
    {
      method: "POST",
      path: "/session",
      contentType: "application/x-www-form-urlencoded",
      body: "csrf=t0k3n&go=Sign+in&pass=pw&remember=on&tags=%5Ba+c+d%5D&user=ann",
      tag: null,
    },
    { method: "GET", path: "/orders?page=1", contentType: null, body: "", tag: "orders" },
    { method: "GET", path: "/search?q=tea", contentType: null, body: "", tag: null },
  ]);
  assert.deepEqual(logs.filter((line) => /Warning|exception/i.test(line)), []);
});

Deno.test("res.submitForm() without a form throws k6's error in the iteration", async () => {
  const target = serveTarget(() => new Response("<p>no form here</p>"));
  const source = `import http from "k6/http";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
    `export default function () { http.get(__ENV.TARGET + "/").submitForm(); }\n`;
  const logs: string[] = [];
  try {
    await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
  } finally {
    await target.close();
  }
  assert.ok(
    logs.some((line) => line.includes(`no form found for selector 'form' in response '${target.url}/'`)),
    logs.join("\n"),
  );
});

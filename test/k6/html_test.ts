/**
 * k6/html and Response.html(): the Selection and Element methods scripts use to scrape pages (CSRF
 * tokens, links, form values), against a real page served on loopback.
 */
import assert from "assert";
import { parseHTML } from "../../src/k6/html.ts";
import { runScript, serveTarget } from "../_helpers/load.ts";

const PAGE = `<!doctype html><html><head><title>Shop</title></head><body>
<form id="login" action="/login"><input type="hidden" name="csrf" value="t0k3n">
<input name="user" value="ann"><textarea name="note">hi there</textarea>
<select name="size"><option value="s">S</option><option value="m" selected>M</option></select>
<input type="checkbox" name="keep" value="1"></form>
<ul class="items"><li class="item first" data-sku="A-1">Apple</li><li class="item" data-sku="B-2">Pear</li>
<li class="item sold">Plum</li></ul><a href="/next" id="more">More</a><!-- note --></body></html>`;

Deno.test("Selection: traversal, attributes, text and forms as k6 gives them", () => {
  const doc = parseHTML(PAGE);
  assert.equal(doc.find("title").text(), "Shop");
  assert.equal(doc.find("input[name=csrf]").attr("value"), "t0k3n");
  assert.equal(doc.find("input[name=missing]").attr("value"), undefined);
  const items = doc.find("li.item");
  assert.equal(items.size(), 3);
  assert.deepEqual(items.map((_, s) => s.text()), ["Apple", "Pear", "Plum"]);
  assert.equal(items.first().data("sku"), "A-1");
  assert.deepEqual(items.first().data(), { sku: "A-1" });
  assert.equal(items.last().text(), "Plum");
  assert.equal(items.eq(1).text(), "Pear");
  assert.equal(items.filter(".sold").text(), "Plum");
  assert.equal(items.filter((i) => i === 0).text(), "Apple");
  assert.equal(items.not(".sold").size(), 2);
  assert.ok(items.is(".first"));
  assert.equal(items.slice(1).size(), 2);
  assert.equal(items.toArray()[2]!.text(), "Plum");
  assert.equal(items.first().next().text(), "Pear");
  assert.equal(items.last().prev().text(), "Pear");
  assert.equal(items.first().nextAll().size(), 2);
  assert.equal(items.first().parent().attr("class"), "items");
  assert.equal(items.first().closest("body").find("a").attr("href"), "/next");
  assert.equal(doc.find("ul").children().size(), 3);
  assert.equal(doc.find("body").has("a#more").size(), 1);
  assert.equal(doc.find("ul").html()?.startsWith('<li class="item first"'), true);
  assert.equal(doc.find("textarea").val(), "hi there");
  assert.equal(doc.find("select").val(), "m");
  const form = doc.find("form#login");
  assert.deepEqual(form.serializeObject(), { csrf: "t0k3n", user: "ann", note: "hi there", size: "m" });
  assert.equal(form.serialize(), "csrf=t0k3n&note=hi+there&size=m&user=ann", "sorted, as Go's url.Values");
});

Deno.test("Selection.serializeArray() collects a form's fields by k6's rules, not jQuery's", () => {
  // k6's serialize_test.go form, plus the cases where k6's rules and jQuery's part ways.
  const doc = parseHTML(`<form>
    <input name="text_input" type="text" value="input-text-value"/><input name="empty_text_input" type="text"/>
    <select name="select_one"><option value="not this option">no</option><option value="yes this option" selected>yes</option></select>
    <select name="select_text"><option>no text</option><option selected>yes &amp; text</option></select>
    <select name="select_multi" multiple><option>option 1</option><option selected>option 2</option><option selected>option 3</option></select>
    <textarea name="textarea">Lorem ipsum</textarea>
    <input type="checkbox" name="checkbox1" value="some checkbox" checked="checked"/>
    <input type="checkbox" name="checkbox2" checked="checked"/><input type="checkbox" name="checkbox3"/>
    <input type="checkbox" name="bare_checked" checked/>
    <input type="radio" name="radio1" value="some radio" checked="checked"/><input type="radio" name="radio3"/>
    <input name="off" value="x" disabled="disabled"/><input name="bare_disabled" value="y" disabled/>
    <input type="submit" name="go" value="Go"/><input type="file" name="f"/><input value="nameless"/>
    <button type="submit" name="b">B</button></form>`);
  const form = doc.find("form");
  assert.deepEqual(form.serializeArray(), [
    { name: "text_input", value: "input-text-value" },
    { name: "empty_text_input", value: "" },
    { name: "select_one", value: "yes this option" },
    { name: "select_text", value: "yes &amp; text" },
    { name: "select_multi", value: ["option 2", "option 3"] },
    { name: "textarea", value: "Lorem ipsum" },
    { name: "checkbox1", value: "some checkbox" },
    { name: "checkbox2", value: "on" },
    { name: "radio1", value: "some radio" },
    { name: "bare_disabled", value: "y" },
  ], 'k6 compares checked and disabled to "checked" and "disabled": the bare attributes do not count');
  assert.equal(
    form.serialize(),
    "bare_disabled=y&checkbox1=some+checkbox&checkbox2=on&empty_text_input=&radio1=some+radio&" +
      "select_multi=option+2&select_multi=option+3&select_one=yes+this+option&select_text=yes+%26amp%3B+text&" +
      "text_input=input-text-value&textarea=Lorem+ipsum",
  );
  assert.deepEqual(doc.find("input, textarea").filter("[name^=text]").serializeObject(), {
    text_input: "input-text-value",
    textarea: "Lorem ipsum",
  });
  assert.equal(doc.find("input[name=checkbox3]").val(), "on", "a checkbox without a value is on");
  assert.equal(doc.find("button").val(), "");
});

Deno.test("Element: DOM-like methods on what each() and get() hand out", () => {
  const doc = parseHTML(PAGE);
  const seen: string[] = [];
  doc.find("li").each((index, element) =>
    seen.push(`${index}:${element.nodeName()}:${element.textContent()}`)
  );
  assert.deepEqual(seen, ["0:li:Apple", "1:li:Pear", "2:li:Plum"]);
  const first = doc.find("li").get(0)!;
  assert.deepEqual(first.classList(), ["item", "first"]);
  assert.equal(first.getAttribute("data-sku"), "A-1");
  assert.ok(first.hasAttribute("class") && first.hasAttributes());
  assert.equal(first.nodeType(), 1);
  assert.equal(first.nextElementSibling()?.textContent(), "Pear");
  assert.equal(first.parentElement()?.className(), "items");
  assert.equal(first.matches(".item"), true);
  assert.equal(first.toString(), '<li class="item first" data-sku="A-1">Apple</li>');
  const ul = doc.find("ul").get(0)!;
  assert.equal(ul.childElementCount(), 3);
  assert.equal(ul.querySelector(".sold")?.textContent(), "Plum");
  assert.equal(ul.querySelectorAll("li").length, 3);
  assert.equal(ul.lastElementChild()?.textContent(), "Plum");
  assert.ok(ul.contains(first));
  assert.equal(doc.find("input[name=user]").get(0)?.value(), "ann");
  assert.equal(doc.find("li").get(9), undefined);
});

Deno.test("a script scrapes a CSRF token with res.html() and posts it back", async () => {
  const posted: string[] = [];
  const target = serveTarget(async (request) => {
    if (request.method === "POST") {
      posted.push(await request.text());
      return new Response("ok");
    }
    return new Response(PAGE, { headers: { "content-type": "text/html" } });
  });
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `import { parseHTML } from "k6/html";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `export default function () {\n` +
    `  const page = http.get(__ENV.TARGET);\n` +
    `  const token = page.html().find("input[name=csrf]").attr("value");\n` +
    `  const names = page.html("li").map((i, s) => s.text());\n` +
    `  const res = http.post(__ENV.TARGET + "/login", { csrf: token, user: "ann" });\n` +
    `  check(res, { "posted": (r) => r.status === 200 });\n` +
    `  check(names, { "res.html(selector)": (n) => n.join() === "Apple,Pear,Plum" });\n` +
    `  check(parseHTML("<p>x</p>"), { "parseHTML": (d) => d.find("p").text() === "x" });\n` +
    `}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.deepEqual(posted, ["csrf=t0k3n&user=ann"]);
  } finally {
    await target.close();
  }
});

Deno.test("Selection follows k6 where goquery and jQuery differ: defaults, form values, data(), get(), map()", () => {
  const doc = parseHTML(
    `<div id="u" data-user-id="42" data-admin="true" data-tags='["a","b"]' data-name="ann"></div>` +
      `<input name="empty"><textarea name="t">a &lt;b&gt; c</textarea>` +
      `<select name="none"><option value="x">X</option></select>` +
      `<select name="multi" multiple><option value="x" selected>X</option><option selected>Y</option></select>` +
      `<p>one</p><p>two</p>`,
    "http://shop.test/cart/",
  );
  assert.equal(doc.find("#u").attr("missing", "DEF"), "DEF");
  assert.equal(doc.find("input[name=empty]").val(), "");
  assert.equal(doc.find("textarea").val(), "a &lt;b&gt; c", "a textarea's inner HTML, as k6 gives it");
  assert.equal(doc.find("select[name=none]").val(), "", "nothing selected");
  assert.deepEqual(doc.find("select[name=multi]").val(), ["x", "Y"]);
  assert.equal(doc.find("#u").data("userId"), 42);
  assert.deepEqual(doc.find("#u").data(), { userId: 42, admin: true, tags: ["a", "b"], name: "ann" });
  assert.equal(doc.find("nothing").html(), "");
  assert.equal(doc.find("p").get().length, 2);
  const p = doc.find("p");
  assert.equal(p.each(() => {}), p, "each() returns the Selection, so calls chain");
  assert.deepEqual(p.map((i) => i), ["0", "1"], "map's results are strings, as k6's Map gives them");
  assert.equal(p.last().index(), p.first().index() + 1);
  assert.equal(p.first().siblings("p").text(), "two");
});

Deno.test("res.html(): each() and map() callbacks that make requests run in turn; links resolve against the page", async () => {
  const seen: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const target = serveTarget(async (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/") {
      return new Response(`<a href="/p/1">1</a><a href="p/2">2</a><a href="https://elsewhere.test/x">x</a>`, {
        headers: { "content-type": "text/html" },
      });
    }
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight--;
    seen.push(path);
    return new Response("ok");
  });
  const source = `import http from "k6/http";\nimport { check } from "k6";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } },\n` +
    `  thresholds: { checks: ["rate==1"] } };\n` +
    `export default function () {\n` +
    `  const page = http.get(__ENV.TARGET + "/");\n` +
    `  const links = page.html().find("a").get().map((a) => a.href());\n` +
    `  check(links, { "resolved": (l) => l.join() === [__ENV.TARGET + "/p/1", __ENV.TARGET + "/p/2",\n` +
    `    "https://elsewhere.test/x"].join() });\n` +
    `  const order = [];\n` +
    `  page.html().find("a").slice(0, 2).each((i, a) => { http.get(a.href()); order.push(i); });\n` +
    `  const statuses = page.html("a").slice(0, 2).map((i, s) => http.get(__ENV.TARGET + "/m/" + i).status);\n` +
    `  check(order, { "each ran in turn": (o) => o.join() === "0,1" });\n` +
    `  check(statuses, { "map awaited": (s) => s.join() === "200,200" });\n` +
    `}\n`;
  const logs: string[] = [];
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: (line) => logs.push(line) });
    assert.equal(result.exitCode, 0, `${result.error ?? ""}\n${logs.join("\n")}`);
    assert.deepEqual(seen, ["/p/1", "/p/2", "/m/0", "/m/1"]);
    assert.equal(maxInFlight, 1);
    assert.deepEqual(logs.filter((line) => /Warning/.test(line)), []);
  } finally {
    await target.close();
  }
});

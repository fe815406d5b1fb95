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
  assert.equal(form.serialize(), "csrf=t0k3n&user=ann&note=hi+there&size=m");
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

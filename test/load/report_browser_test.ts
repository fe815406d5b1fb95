/**
 * The load report in a real browser: a short open-model run against a loopback target, its report opened
 * from file:// in Debian's Chromium (playwright-core) with the network cut off, checked for its verdict,
 * thresholds, charts and checks, and photographed for people (artifacts/screenshots/).
 *
 * Locally the test is skipped when Chromium is missing or when Deno lacks what playwright-core needs;
 * under CI (`CI=true`) either is an error, so a broken setup cannot pass as green.
 */
import { ARTIFACTS, browserUnavailable, CHROMIUM, LAUNCH_ARGS, SCREENSHOTS } from "../_helpers/browser.ts";
import assert from "assert";
import { renderReport } from "../../src/load/report/mod.ts";
import { formatNumber, formatPercent } from "../../src/load/report/format.ts";
import { runFixture, serveTarget } from "../_helpers/load.ts";

const missing = browserUnavailable("The report browser test");

/** A model-like target: mostly fast, every third answer 25 ms, every tenth 120 ms, every twelfth a 503. */
function mixedTarget() {
  let n = 0;
  return serveTarget(async () => {
    const i = ++n;
    await new Promise((resolve) => setTimeout(resolve, i % 10 === 0 ? 120 : i % 3 === 0 ? 25 : 2));
    return i % 12 === 0 ? new Response("overloaded", { status: 503 }) : Response.json({ label: "positive" });
  });
}

Deno.test({
  name: "the load report opens offline in Chromium with its verdict, thresholds, charts and checks",
  ignore: missing !== null,
  // playwright-core keeps its own connection and timers to the browser process.
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const target = mixedTarget();
    let run;
    try {
      run = await runFixture("report_mix.js", { TARGET: target.url });
    } finally {
      await target.close();
    }
    assert.equal(run.exitCode, 99, `p(50)<1 should fail: ${run.error}\n${run.logs.join("\n")}`);
    const summary = run.summary!;
    const html = renderReport(run, {
      script: "test/fixtures/k6/report_mix.js",
      target: target.url,
      startedAt: new Date(),
      command: "deno task load test/fixtures/k6/report_mix.js --report artifacts/load-report.html",
    });
    await Deno.mkdir(SCREENSHOTS, { recursive: true });
    const file = `${ARTIFACTS}load-report.html`;
    await Deno.writeTextFile(file, html);

    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    try {
      for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
        const context = await browser.newContext({ viewport, offline: true });
        const attempted: string[] = [];
        await context.route("**/*", (route) => {
          const url = route.request().url();
          if (url.startsWith("file:")) return route.continue();
          attempted.push(url);
          return route.abort();
        });
        const page = await context.newPage();
        const problems: string[] = [];
        page.on("request", (request) => {
          if (!request.url().startsWith("file:")) attempted.push(request.url());
        });
        page.on("console", (message) => {
          if (message.type() === "error" || message.type() === "warning") {
            problems.push(`${message.type()}: ${message.text()}`);
          }
        });
        page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
        page.on("dialog", (dialog) => {
          problems.push(`dialog: ${dialog.message()}`);
          void dialog.dismiss();
        });
        await page.goto(`file://${file}`, { waitUntil: "load" });

        // The verdict: FAIL, exit 99, one of four thresholds failed.
        assert.equal(await page.getAttribute("#verdict", "data-verdict"), "FAIL");
        assert.equal(await page.getAttribute("#verdict", "data-exit-code"), "99");
        assert.match(
          await page.innerText("#verdict"),
          /Exit code 99: thresholds failed\.\s+3 of 4 thresholds passed, 1 failed/,
        );

        // Every threshold with its outcome and measured value.
        const thresholds = await page.$$eval("#thresholds-table tbody tr", (rows) =>
          rows.map((row) => ({
            ok: row.getAttribute("data-ok"),
            text: row.querySelector(".threshold")!.textContent!.replace(/\s+/g, " ").trim(),
            measured: row.querySelector("td.num")!.textContent!.trim(),
          })));
        assert.deepEqual(thresholds.map((t) => [t.text, t.ok]), [
          ["checks rate>0.5", "true"],
          ["http_req_duration p(95)<2000", "true"],
          ["http_req_duration p(50)<1", "false"],
          ["http_req_failed rate<0.5", "true"],
        ]);
        const failedRate = summary.metrics.http_req_failed!.values.rate!;
        assert.equal(thresholds[3]!.measured, formatPercent(failedRate));
        assert.ok(failedRate > 0, "the target's 503s count as failed requests");

        // Key figures match the run.
        assert.equal(
          (await page.innerText("#tile-requests .value")).trim(),
          formatNumber(summary.metrics.http_reqs!.values.count!),
        );
        assert.equal((await page.innerText("#tile-failed .value")).trim(), formatPercent(failedRate));

        // Each chart: an SVG with drawn lines or bars, laid out at a readable size.
        const charts = await page.$$eval("figure.chart", (figures) =>
          figures.map((figure) => {
            const svg = figure.querySelector(".plot svg");
            const box = svg?.getBoundingClientRect();
            return {
              id: figure.id,
              width: box?.width ?? 0,
              height: box?.height ?? 0,
              lines: [...figure.querySelectorAll("path.line")].map((p) => p.getAttribute("d") ?? "")
                .filter((d) => /^M[\d.]+ [\d.]+L/.test(d)).length,
              dashed: figure.querySelectorAll("path.line.dashed").length,
              bars: [...figure.querySelectorAll("g.bars rect")].filter((r) =>
                Number(r.getAttribute("height")) > 0
              )
                .length,
            };
          }));
        const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
        assert.deepEqual(Object.keys(byId).sort(), [
          "chart-arrivals",
          "chart-errors",
          "chart-histogram",
          "chart-latency",
          "chart-throughput",
          "chart-vus",
        ]);
        for (const chart of charts) {
          assert.ok(
            chart.width >= 250 && chart.height >= 150,
            `${chart.id} is ${chart.width}×${chart.height}`,
          );
        }
        assert.equal(byId["chart-latency"]!.lines, 6, "p50/p95/p99, measured and corrected");
        assert.equal(byId["chart-latency"]!.dashed, 3, "the corrected percentiles are dashed");
        assert.ok(byId["chart-histogram"]!.bars >= 3, "the latency mix shows as separate bars");
        assert.equal(byId["chart-throughput"]!.lines, 1);
        assert.ok(byId["chart-errors"]!.bars >= 1, "the 503s show as error bars");
        assert.ok(byId["chart-vus"]!.lines >= 1);
        assert.ok(byId["chart-arrivals"]!.lines >= 2, "iterations/s and the target rate");
        const legend = await page.innerText("#chart-latency .legend");
        for (const label of ["p50", "p95", "p99", "p50 corrected", "p95 corrected", "p99 corrected"]) {
          assert.ok(legend.includes(label), `legend has ${label}`);
        }

        // The checks table, with the markup-named check shown as text and never run.
        const checks = await page.$$eval("#checks-table tbody tr[data-check]", (rows) =>
          rows.map((row) => ({
            name: row.getAttribute("data-check"),
            cell: row.querySelector("td.name")!.textContent,
            passed: row.querySelectorAll("td.num")[0]!.textContent,
          })));
        const xss = checks.find((c) => c.name === "<script>alert(1)</script>");
        assert.ok(xss, `checks: ${JSON.stringify(checks)}`);
        assert.equal(xss.cell, "<script>alert(1)</script>");
        assert.equal(await page.locator("script").count(), 0);
        const status = summary.rootGroup.checks.find((c) => c.name === "status is 200")!;
        assert.equal(checks.find((c) => c.name === "status is 200")!.passed, formatNumber(status.passes));

        // Nothing wider than a phone: wide tables scroll inside their box.
        // A string: this test is type-checked without the DOM library.
        const overflow = Number(
          await page.evaluate("document.documentElement.scrollWidth - window.innerWidth"),
        );
        assert.ok(overflow <= 0, `the page is ${overflow}px wider than the viewport`);

        const name = `load-report-${viewport.width}x${viewport.height}`;
        await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
        await page.screenshot({ path: `${SCREENSHOTS}${name}-full.png`, fullPage: true });

        assert.deepEqual(attempted, [], "the report must not reach the network");
        assert.deepEqual(problems, [], "no console errors, page errors or dialogs");
        await context.close();
      }
    } finally {
      await browser.close();
    }
  },
});

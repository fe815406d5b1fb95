/**
 * End to end: the demo model, Vigil probing it, a real Prometheus scraping Vigil with the generated rules
 * (windows shrunk 60-fold: 5m → 5s, 1h → 1m; the alert logic is the generated one) and a real
 * Alertmanager with the generated routing, pointed at a webhook served here. Breaking the demo must page
 * (critical, routed to the webhook) and mending it must resolve the page. Everything on 127.0.0.1.
 */
import assert from "assert";
import { dirname } from "node:path";
import { parseConfig } from "../../src/config/load.ts";
import { startDemo } from "../../src/demo/server.ts";
import { startService } from "../../src/server/service.ts";
import { deployFiles } from "../../src/slo/generate/bundle.ts";
import { freePort } from "../_helpers/cli.ts";
import { BINARIES, fetchText, hasStack, type StackProcess, startProcess, waitFor } from "./_stack.ts";

/** One notification as Alertmanager's webhook sends it (the fields this test reads). */
interface Notification {
  status: "firing" | "resolved";
  receiver: string;
  alerts: {
    status: "firing" | "resolved";
    labels: Record<string, string>;
    annotations: Record<string, string>;
  }[];
}

function config(demoUrl: string, webhookUrl: string) {
  return parseConfig(
    `
targets:
  demo: { url: "${demoUrl}" }
probes:
  - { name: healthz, target: demo, path: /healthz, interval: 1s, jitter: 0 }
  - name: predict
    target: demo
    path: /predict
    body: { text: "I love it" }
    interval: 1s
    jitter: 0
slos:
  - name: demo-availability
    objective: 99
    min_traffic: 3
    sli: { probe_availability: { target: demo } }
    alerting: { labels: { team: e2e }, runbook: "https://runbooks.example.com/demo" }
alerting:
  receivers:
    pager: { webhook: { url: "${webhookUrl}/pager" } }
    chat: { webhook: { url: "${webhookUrl}/chat" } }
  routes: { critical: pager, warning: chat, info: chat }
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
`,
    { source: "e2e.yaml", env: {} },
  );
}

/** The whole test, start-up to shutdown, stays under this. */
const TEST_BUDGET_MS = 85_000;

const isPage = (alert: Notification["alerts"][number]) =>
  alert.labels.alertname === "SLOErrorBudgetBurn" && alert.labels.severity === "critical" &&
  alert.labels.slo === "demo-availability";

Deno.test({
  name: "e2e: a failing demo pages through Prometheus and Alertmanager, and recovery resolves the page",
  ignore: !hasStack,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const started = performance.now();
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    // Every wait is bounded, and all of them together by the whole test's budget.
    const within = (ms: number) =>
      Math.max(1_000, Math.min(ms, started + TEST_BUDGET_MS - performance.now()));
    const dir = await Deno.makeTempDir({ prefix: "vigil-e2e-" });
    const notifications: { path: string; body: Notification; at: string }[] = [];
    const webhook = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
      notifications.push({ path: new URL(request.url).pathname, body: await request.json(), at: elapsed() });
      return new Response("ok");
    });
    const demo = await startDemo({ port: 0 });
    const cfg = config(demo.url, `http://127.0.0.1:${webhook.addr.port}`);
    const vigil = startService({ config: cfg, port: 0, dbPath: ":memory:", log: () => {} });
    const processes: StackProcess[] = [];
    try {
      const amPort = freePort();
      const promPort = freePort();
      const files = deployFiles(cfg, {
        source: "e2e.yaml",
        windowScale: 60,
        vigilAddress: `127.0.0.1:${vigil.port}`,
        alertmanagerAddress: `127.0.0.1:${amPort}`,
        scrapeIntervalMs: 1_000,
        evaluationIntervalMs: 1_000,
        scrapeStack: false,
      });
      for (
        const path of ["prometheus.yml", "alertmanager.yml", "rules/vigil_slos.yaml", "rules/vigil_ml.yaml"]
      ) {
        await Deno.mkdir(dirname(`${dir}/${path}`), { recursive: true });
        await Deno.writeTextFile(`${dir}/${path}`, files[path]!);
      }
      processes.push(startProcess("alertmanager", BINARIES.alertmanager!, [
        `--config.file=${dir}/alertmanager.yml`,
        `--storage.path=${dir}/alertmanager`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        "--cluster.listen-address=",
        "--log.level=warn",
      ]));
      processes.push(startProcess("prometheus", BINARIES.prometheus!, [
        `--config.file=${dir}/prometheus.yml`,
        `--storage.tsdb.path=${dir}/prometheus`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        "--log.level=warn",
      ]));
      const prometheus = `http://127.0.0.1:${promPort}`;
      await waitFor(
        "Alertmanager ready",
        within(15_000),
        () => fetchText(`http://127.0.0.1:${amPort}/-/ready`),
      );
      await waitFor("Prometheus ready", within(15_000), () => fetchText(`${prometheus}/-/ready`));
      // Healthy first: the SLO's recordings exist (Prometheus scrapes and evaluates) and nothing pages.
      await waitFor("the SLI recorded from healthy probes", within(20_000), async () => {
        const body = await fetchText(
          `${prometheus}/api/v1/query?query=${
            encodeURIComponent('slo:sli_events:count5m{slo="demo-availability"} > 3')
          }`,
        );
        return body !== undefined && JSON.parse(body).data.result.length > 0 ? true : undefined;
      });
      assert.equal(notifications.filter((n) => n.body.alerts.some(isPage)).length, 0);
      const healthyAt = elapsed();

      demo.faults.errorRatio = 1;
      const brokeAt = performance.now();
      // Pager and chat are notified concurrently: wait for the pager's own notification.
      const page = await waitFor(
        "the critical page at the pager webhook",
        within(30_000),
        () =>
          notifications.find((n) =>
            n.path === "/pager" && n.body.status === "firing" && n.body.alerts.some(isPage)
          ),
      );
      const pagedAfter = (performance.now() - brokeAt) / 1000;
      assert.equal(page.body.receiver, "pager");
      const alert = page.body.alerts.find(isPage)!;
      assert.equal(alert.labels.team, "e2e");
      assert.equal(alert.labels.target, "demo");
      assert.equal(alert.annotations.runbook_url, "https://runbooks.example.com/demo");
      assert.match(alert.annotations.summary ?? "", /burning its error budget fast/);
      // Critical continues to the chat receiver too.
      await waitFor(
        "the page in chat",
        within(10_000),
        () => notifications.find((n) => n.path === "/chat" && n.body.alerts.some(isPage)),
      );

      demo.faults.errorRatio = 0;
      const mendedAt = performance.now();
      // The 5m (5 s) window clears at once; the 30m (30 s) window keeps the 6x condition up until it does.
      const resolved = await waitFor(
        "the page resolved at the webhook",
        within(50_000),
        () =>
          notifications.find((n) =>
            n.path === "/pager" && n.body.alerts.some((a) => isPage(a) && a.status === "resolved")
          ),
      );
      const resolvedAfter = (performance.now() - mendedAt) / 1000;
      assert.equal(resolved.body.receiver, "pager");
      console.log(
        `e2e: healthy at ${healthyAt}, paged ${pagedAfter.toFixed(1)} s after the fault, resolved ` +
          `${resolvedAfter.toFixed(1)} s after recovery, total ${elapsed()}`,
      );
    } catch (error) {
      for (const process of processes) {
        console.error(`--- ${process.name} (pid ${process.pid}):\n${process.output()}`);
      }
      console.error(`--- notifications:\n${JSON.stringify(notifications, null, 1).slice(0, 4000)}`);
      throw error;
    } finally {
      await Promise.all(processes.map((process) => process.stop()));
      await vigil.shutdown();
      await demo.shutdown();
      await webhook.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

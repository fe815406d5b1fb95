import assert from "assert";
import { stringify } from "yaml";
import { parseConfig } from "../../../src/config/load.ts";
import {
  alertmanagerConfig,
  deploySecrets,
  NULL_RECEIVER,
} from "../../../src/slo/generate/alertmanager_config.ts";
import { amtool, hasAmtool } from "../../_helpers/amtool.ts";
import { GOLDEN_SETS, ROOT } from "./_golden.ts";

for (const set of Object.values(GOLDEN_SETS)) {
  Deno.test({
    name: `amtool check-config accepts ${set.dir}/alertmanager.yml`,
    ignore: !hasAmtool,
    async fn() {
      const result = await amtool(["check-config", `${ROOT}${set.dir}/alertmanager.yml`]);
      assert.equal(result.code, 0, result.output);
      assert.match(result.output, /SUCCESS/);
    },
  });
}

/** `amtool config routes test`: which receivers an alert with these labels reaches. */
async function routes(file: string, labels: string[], receivers: string) {
  return await amtool([
    "config",
    "routes",
    "test",
    `--config.file=${file}`,
    `--verify.receivers=${receivers}`,
    ...labels,
  ]);
}

Deno.test({
  name: "amtool routes critical to the pager and on to chat, warning to chat, info and the rest to low-noise",
  ignore: !hasAmtool,
  async fn() {
    const file = `${ROOT}deploy/alertmanager.yml`;
    const cases: [string[], string][] = [
      [["severity=critical", "slo=demo-availability", "alertname=SLOErrorBudgetBurn"], "pager,chat"],
      [["severity=warning", "slo=demo-availability", "alertname=SLOErrorBudgetBurn"], "chat"],
      [["severity=warning", "model=sentiment", "alertname=ModelDataDrift"], "chat"],
      [["severity=info", "model=sentiment", "alertname=ModelLowConfidence"], "low-noise"],
      [["alertname=Watchdog"], "low-noise"],
    ];
    for (const [labels, expected] of cases) {
      const result = await routes(file, labels, expected);
      assert.equal(result.code, 0, `${labels.join(" ")} → ${expected}: ${result.output}`);
      assert.match(result.output, new RegExp(`^${expected}$`, "m"));
    }
    // --verify.receivers fails when routing differs: a warning must not page.
    const wrong = await routes(file, ["severity=warning", "slo=demo-availability"], "pager");
    assert.notEqual(wrong.code, 0);
  },
});

Deno.test({
  name: "amtool: a config with receivers for only some severities still routes everything somewhere",
  ignore: !hasAmtool,
  async fn() {
    const config = parseConfig(
      "alerting:\n  receivers: { hook: { webhook: { url: http://127.0.0.1:9/x } } }\n  routes: { critical: hook }\n",
      { source: "vigil.yaml", env: {} },
    );
    const dir = await Deno.makeTempDir({ prefix: "vigil-am-" });
    try {
      const file = `${dir}/alertmanager.yml`;
      await Deno.writeTextFile(file, stringify(alertmanagerConfig(config.alerting)));
      assert.equal((await amtool(["check-config", file])).code, 0);
      assert.equal((await routes(file, ["severity=critical"], "hook")).code, 0);
      assert.equal((await routes(file, ["severity=warning"], "hook")).code, 0);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("alertmanagerConfig() groups by model, target, SLO and severity and inhibits warnings by a critical", () => {
  const config = parseConfig("slos: []", { source: "vigil.yaml", env: {} });
  const am = alertmanagerConfig(config.alerting) as {
    route: { receiver: string; group_by: string[]; routes?: unknown };
    inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
    receivers: { name: string }[];
  };
  assert.deepEqual(am.route.group_by, ["model", "target", "slo", "severity"]);
  // Nothing routed: everything goes to a receiver that drops it, and amtool still accepts the file.
  assert.equal(am.route.receiver, NULL_RECEIVER);
  assert.equal(am.route.routes, undefined);
  assert.deepEqual(am.receivers, [{ name: NULL_RECEIVER }]);
  assert.deepEqual(am.inhibit_rules.map((rule) => rule.equal), [["slo"], ["model"]]);
  // The critical side must carry the label: `equal` on a label both alerts lack would count as equal.
  assert.deepEqual(am.inhibit_rules.map((rule) => rule.source_matchers[1]), ['slo=~".+"', 'model=~".+"']);
});

Deno.test("alertmanagerConfig() writes a secret as a value, a file, or a deploy-time secret file", async () => {
  const config = parseConfig(await Deno.readTextFile(`${ROOT}test/fixtures/rules/vigil.yaml`), {
    source: "vigil.yaml",
    env: {},
  });
  const am = alertmanagerConfig(config.alerting) as { receivers: Record<string, unknown>[] };
  const byName = Object.fromEntries(am.receivers.map((receiver) => [receiver.name, receiver]));
  assert.deepEqual(
    (byName.oncall as { pagerduty_configs: Record<string, unknown>[] }).pagerduty_configs[0]!
      .routing_key_file,
    "/run/secrets/pd_routing_key",
  );
  assert.equal(
    (byName["team-chat"] as { slack_configs: Record<string, unknown>[] }).slack_configs[0]!.api_url,
    "https://hooks.slack.com/services/T000/B000/XXXX",
  );
  assert.deepEqual(
    (byName.archive as { webhook_configs: Record<string, unknown>[] }).webhook_configs[0]!.http_config,
    { authorization: { type: "Bearer", credentials_file: "/etc/alertmanager/token" } },
  );
  assert.deepEqual(deploySecrets(config.alerting), [{ name: "pd_routing_key", env: "PD_ROUTING_KEY" }]);
});

/**
 * Alertmanager's configuration from `alerting:` in vigil.yaml: alerts grouped by model, target, SLO and
 * severity; critical to the pager (and on to chat), warning to chat, info to a low-noise receiver;
 * warnings muted while a critical alert of the same SLO or model fires. Secrets never need to appear in
 * the generated file: `{ env: VAR }` becomes a `*_file` Alertmanager reads at run time. Pure.
 *
 * @module
 */
import type { AlertingConfig, ReceiverConfig, SecretConfig } from "../../config/types.ts";
import { promDuration } from "./promql.ts";

/** Where the compose file mounts deploy-time secrets in the Alertmanager container. */
export const SECRETS_DIR = "/run/secrets";

/** The receiver that drops alerts, used as the default when no receiver is routed. */
export const NULL_RECEIVER = "vigil-null";

/** A secret the deployment must provide from an environment variable. */
export interface DeploySecret {
  /** The compose secret's name, also its file name under `SECRETS_DIR`. */
  name: string;
  /** The environment variable it is read from when the stack starts. */
  env: string;
}

/** The labels alerts are grouped by: one notification per model, target, SLO and severity. */
export const GROUP_BY = ["model", "target", "slo", "severity"] as const;

function secretName(env: string): string {
  return env.toLowerCase();
}

/**
 * Lists the deploy-time secrets (`{ env: VAR }`) a config's receivers use.
 *
 * @param alerting the `alerting` section
 * @returns each secret once, in receiver order
 * @example
 * ```ts
 * import { deploySecrets } from "./alertmanager_config.ts";
 * import assert from "node:assert/strict";
 * const secrets = deploySecrets({
 *   receivers: { pager: { name: "pager", pagerduty: { routingKey: { env: "PD_KEY" } } } },
 * });
 * assert.deepEqual(secrets, [{ name: "pd_key", env: "PD_KEY" }]);
 * ```
 */
export function deploySecrets(alerting: Pick<AlertingConfig, "receivers">): DeploySecret[] {
  const found = new Map<string, DeploySecret>();
  const add = (secret: SecretConfig | undefined) => {
    if (secret !== undefined && "env" in secret) {
      found.set(secret.env, { name: secretName(secret.env), env: secret.env });
    }
  };
  for (const receiver of Object.values(alerting.receivers)) {
    add(receiver.webhook?.bearerToken);
    add(receiver.slack?.apiUrl);
    add(receiver.pagerduty?.routingKey);
  }
  return [...found.values()];
}

/** A secret as an Alertmanager field: `field: value` or `field_file: path`. */
function secretField(field: string, secret: SecretConfig): Record<string, string> {
  if ("value" in secret) return { [field]: secret.value };
  if ("file" in secret) return { [`${field}_file`]: secret.file };
  return { [`${field}_file`]: `${SECRETS_DIR}/${secretName(secret.env)}` };
}

function receiver(config: ReceiverConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { name: config.name };
  if (config.webhook) {
    const webhook: Record<string, unknown> = { url: config.webhook.url, send_resolved: true };
    if (config.webhook.bearerToken) {
      webhook.http_config = {
        authorization: { type: "Bearer", ...secretField("credentials", config.webhook.bearerToken) },
      };
    }
    out.webhook_configs = [webhook];
  }
  if (config.slack) {
    out.slack_configs = [{
      ...secretField("api_url", config.slack.apiUrl),
      ...(config.slack.channel === undefined ? {} : { channel: config.slack.channel }),
      send_resolved: true,
      title:
        "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} {{ .CommonLabels.slo }}{{ .CommonLabels.model }}",
      text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}",
    }];
  }
  if (config.pagerduty) {
    out.pagerduty_configs = [{
      ...secretField("routing_key", config.pagerduty.routingKey),
      send_resolved: true,
      description: "{{ .CommonLabels.alertname }}: {{ .CommonAnnotations.summary }}",
    }];
  }
  return out;
}

/**
 * Builds Alertmanager's configuration.
 *
 * @param alerting the `alerting` section of the config
 * @returns the configuration as plain data, ready for YAML
 * @example
 * ```ts
 * import { alertmanagerConfig } from "./alertmanager_config.ts";
 * import assert from "node:assert/strict";
 * const config = alertmanagerConfig({
 *   receivers: { hook: { name: "hook", webhook: { url: "http://127.0.0.1:9/x" } } },
 *   routes: { critical: "hook" },
 *   groupWaitMs: 30_000,
 *   groupIntervalMs: 300_000,
 *   repeatIntervalMs: 14_400_000,
 * });
 * assert.equal((config.route as { receiver: string }).receiver, "hook");
 * ```
 */
export function alertmanagerConfig(alerting: Omit<AlertingConfig, "thresholds">): Record<string, unknown> {
  const { critical, warning, info } = alerting.routes;
  const routes: Record<string, unknown>[] = [];
  // Pages also reach the chat receiver, so the team sees them where it works: hence `continue`.
  if (critical !== undefined) {
    routes.push({ receiver: critical, matchers: ['severity="critical"'], continue: true });
  }
  if (warning !== undefined) routes.push({ receiver: warning, matchers: ['severity=~"critical|warning"'] });
  if (info !== undefined) routes.push({ receiver: info, matchers: ['severity="info"'] });
  const fallback = info ?? warning ?? critical;
  const receivers = Object.values(alerting.receivers).map(receiver);
  if (fallback === undefined) receivers.push({ name: NULL_RECEIVER });
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: fallback ?? NULL_RECEIVER,
      group_by: [...GROUP_BY],
      group_wait: promDuration(alerting.groupWaitMs),
      group_interval: promDuration(alerting.groupIntervalMs),
      repeat_interval: promDuration(alerting.repeatIntervalMs),
      ...(routes.length === 0 ? {} : { routes }),
    },
    // `equal` on a label both alerts lack counts as equal, so each rule asks the critical alert to carry
    // the label: otherwise any critical alert without a model would mute every warning without one.
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"', 'slo=~".+"'],
        target_matchers: ['severity="warning"'],
        equal: ["slo"],
      },
      {
        source_matchers: ['severity="critical"', 'model=~".+"'],
        target_matchers: ['severity="warning"'],
        equal: ["model"],
      },
    ],
    receivers,
  };
}

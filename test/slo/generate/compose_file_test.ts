import assert from "assert";
import { composeFile, grafanaProvisioning, IMAGES } from "../../../src/slo/generate/compose_file.ts";
import { makeSlo } from "../../_helpers/slos.ts";

type Service = {
  image: string;
  command?: string[];
  ports?: string[];
  secrets?: string[];
  volumes?: string[];
};

Deno.test("composeFile() runs the stack on 127.0.0.1 with the tested images and enough retention", () => {
  const compose = composeFile(
    {
      server: { port: 8080, hostname: "127.0.0.1" },
      slos: [
        makeSlo({
          name: "q",
          objective: 0.9,
          periodMs: 90 * 86_400_000,
          sli: { type: "drift", model: "m", below: "warning" },
        }),
      ],
    },
    { buildContext: "..", configFile: "../vigil.yaml", secrets: [{ name: "pd_key", env: "PD_KEY" }] },
  );
  const services = compose.services as Record<string, Service>;
  for (const service of Object.values(services)) {
    for (const port of service.ports ?? []) assert.match(port, /^127\.0\.0\.1:/);
  }
  assert.equal(services.prometheus!.image, IMAGES.prometheus);
  assert.ok(services.prometheus!.command!.includes("--storage.tsdb.retention.time=95d"));
  assert.ok(services.alertmanager!.command!.includes("--cluster.listen-address="));
  assert.deepEqual(services.alertmanager!.secrets, ["pd_key"]);
  assert.deepEqual(compose.secrets, { pd_key: { environment: "PD_KEY" } });
  assert.ok(services.vigil!.volumes!.includes("../vigil.yaml:/app/vigil.yaml:ro"));
  assert.deepEqual(Object.keys(grafanaProvisioning()), [
    "datasources/prometheus.yaml",
    "dashboards/vigil.yaml",
  ]);
});

/** `check` as CI runs it: a subprocess against a real demo model, judged by its exit code. */
import assert from "assert";
import { startDemo } from "../../src/demo/server.ts";
import { freePort, runCli, runMain } from "../_helpers/cli.ts";

Deno.test("check exits 0 against a healthy demo and prints a passing table", async () => {
  const demo = await startDemo({ port: 0 });
  try {
    const { code, stdout, stderr } = await runCli([
      "check",
      "--config",
      "vigil.example.yaml",
      "--target",
      `demo=${demo.url}`,
    ]);
    assert.equal(code, 0, stdout + stderr);
    assert.match(stdout, /^golden-positive\s+demo\s+5\/5\s+[\d.]+ ms\s+[\d.]+ ms\s+✓ pass$/m);
    assert.match(
      stdout,
      /^demo-availability\s+availability \(demo\)\s+100\.00% \(20\/20\)\s+99\.00%\s+✓ pass$/m,
    );
    assert.match(stdout, /✓ PASS: every SLO holds/);
  } finally {
    await demo.shutdown();
  }
});

Deno.test("check exits 1 against a demo failing half its predictions, and says why", async () => {
  // Seeded so the failures are certain: a real 50% error ratio, not a coin toss in CI.
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const demo = await startDemo({ port: 0, random });
  demo.faults.errorRatio = 0.5;
  const dir = await Deno.makeTempDir({ prefix: "vigil-check-" });
  try {
    const junit = `${dir}/check.xml`;
    const { code, stdout, stderr } = await runCli([
      "check",
      "--config",
      "vigil.example.yaml",
      "--target",
      `demo=${demo.url}`,
      "--rounds",
      "8",
      "--junit",
      junit,
    ]);
    assert.equal(code, 1, stdout + stderr);
    assert.match(stdout, /^demo-availability\s+.*✗ FAIL$/m);
    assert.match(stdout, /status 503 not in \[200(-299)?\]: \{"error":"injected fault"\}/);
    const xml = await Deno.readTextFile(junit);
    assert.match(
      xml,
      /<testcase name="demo-availability" classname="slo" time="0.000">\s*<failure message="availability \(demo\): [\d.]+% &lt; objective 99.00%"/,
    );
  } finally {
    await demo.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check --json prints a machine-readable verdict", async () => {
  const demo = await startDemo({ port: 0 });
  try {
    const { code, stdout } = await runCli([
      "check",
      "--config",
      "vigil.example.yaml",
      "--target",
      `demo=${demo.url}`,
      "--rounds",
      "2",
      "--json",
    ]);
    assert.equal(code, 0);
    const verdict = JSON.parse(stdout);
    assert.equal(verdict.pass, true);
    assert.equal(verdict.rounds, 2);
    assert.equal(verdict.targets.demo, demo.url);
    assert.equal(verdict.probes.length, 4);
    assert.equal(verdict.slos[0].total, 8);
  } finally {
    await demo.shutdown();
  }
});

Deno.test("check exits 1 when the target is down, naming the connection failure", async () => {
  const { code, stdout } = await runCli([
    "check",
    "--config",
    "vigil.example.yaml",
    "--target",
    `demo=http://127.0.0.1:${freePort()}`,
    "--rounds",
    "1",
  ]);
  assert.equal(code, 1);
  assert.match(stdout, /healthz: 1× connection refused/);
});

Deno.test("check exits 2 on a broken config, naming the file and the field", async () => {
  const { code, stderr } = await runCli(["check", "--config", "test/fixtures/config/broken_status.yaml"]);
  assert.equal(code, 2);
  assert.match(
    stderr,
    /^test\/fixtures\/config\/broken_status\.yaml: probes\[2\]\.assert\.status: expected an HTTP status code/m,
  );
});

Deno.test("check exits 2 on a missing config file and on bad arguments", async () => {
  const missing = await runCli(["check", "--config", "does-not-exist.yaml"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /does-not-exist\.yaml: cannot read file/);
  const rounds = await runCli(["check", "--rounds", "0"]);
  assert.equal(rounds.code, 2);
  assert.match(rounds.stderr, /Invalid --rounds "0": expected a whole number from 1 to 10000/);
  const target = await runCli(["check", "--config", "vigil.example.yaml", "--target", "nosuch=http://x"]);
  assert.equal(target.code, 2);
  assert.match(target.stderr, /--target: unknown target "nosuch"/);
});

Deno.test("main exits 2 on an unknown command", async () => {
  const { code, stderr } = await runCli(["chek"]);
  assert.equal(code, 2);
  assert.match(stderr, /Unknown command "chek"/);
});

Deno.test("check exits 2, not PASS, when the config has no probes and so gives it nothing to judge", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-check-" });
  try {
    const targetsOnly = `${dir}/targets_only.yaml`;
    await Deno.writeTextFile(targetsOnly, "targets:\n  model:\n    url: http://127.0.0.1:9\n");
    // Only an SLO check cannot evaluate, on a target nothing listens on.
    const onlyPrometheus = `${dir}/only_prometheus.yaml`;
    await Deno.writeTextFile(
      onlyPrometheus,
      "targets:\n  model:\n    url: http://127.0.0.1:9\nprobes: []\nslos:\n" +
        "  - { name: r, objective: 99, sli: { request_success: { model: sentiment } } }\n",
    );
    for (const config of [targetsOnly, onlyPrometheus]) {
      const { code, output } = await runMain(["check", "--config", config, "--rounds", "1"]);
      assert.equal(code, 2, output);
      assert.equal(
        output,
        `${config}: probes: nothing to check: no probes, and check measures only what probes measure (request, accuracy and drift SLOs are evaluated by Prometheus)`,
      );
      assert.doesNotMatch(output, /PASS/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check exits 2 before probing when --junit cannot be written, naming the file and the cause", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-check-" });
  try {
    const junit = `${dir}/no-such-dir/check.xml`;
    const { code, output } = await runMain([
      "check",
      "--config",
      "vigil.example.yaml",
      "--target",
      "demo=http://127.0.0.1:9",
      "--rounds",
      "1",
      "--junit",
      junit,
    ]);
    assert.equal(code, 2, output);
    assert.match(output, new RegExp(`^Could not write --junit ${junit}: No such file or directory`));
    assert.doesNotMatch(output, /PROBE|PASS|FAIL|at /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check --junit leaves no file until the verdict is in, and a FAIL whose report cannot be written still exits 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vigil-check-junit-" });
  const out = `${dir}/reports`;
  await Deno.mkdir(out);
  const junit = `${out}/check.xml`;
  const seen: string[][] = [];
  // A failing target that looks at the report directory while check probes it, then takes it away.
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    try {
      seen.push([...Deno.readDirSync(out)].map((entry) => entry.name));
      await Deno.remove(out, { recursive: true });
    } catch { /* already removed */ }
    return new Response("down", { status: 503 });
  });
  try {
    const { code, stdout, stderr } = await runCli([
      "check",
      "--config",
      "vigil.example.yaml",
      "--target",
      `demo=http://127.0.0.1:${server.addr.port}`,
      "--rounds",
      "1",
      "--junit",
      junit,
    ]);
    assert.deepEqual(seen[0], [], "no file, empty or temporary, while probing");
    assert.match(stdout, /✗ FAIL/);
    assert.match(stderr, new RegExp(`^Could not write --junit ${junit}: No such file or directory`, "m"));
    assert.match(stderr, /^The verdict stands: FAIL, exit 1 \(the --junit report was not written\)$/m);
    assert.equal(code, 1, stdout + stderr);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check sends credentials in a target URL but prints them masked, in text and in --json", async () => {
  const authorizations: (string | null)[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    authorizations.push(request.headers.get("authorization"));
    return new Response("ok");
  });
  const dir = await Deno.makeTempDir({ prefix: "vigil-check-" });
  try {
    const config = `${dir}/vigil.yaml`;
    await Deno.writeTextFile(
      config,
      "targets:\n  model:\n    url: http://127.0.0.1:9\nprobes:\n" +
        "  - { name: p, target: model, method: GET, path: /ok, assert: { status: [200] } }\n",
    );
    const target = `model=http://user:pw@127.0.0.1:${server.addr.port}`;
    const text = await runMain(["check", "--config", config, "--target", target, "--rounds", "1"]);
    assert.equal(text.code, 0, text.output);
    assert.match(
      text.output,
      /✓ PASS: every SLO holds \(model=http:\/\/\*\*\*\*:\*\*\*\*@127\.0\.0\.1:\d+\/?\)/,
    );
    const json = await runMain(["check", "--config", config, "--target", target, "--rounds", "1", "--json"]);
    assert.equal(json.code, 0, json.output);
    assert.match(JSON.parse(json.output).targets.model, /^http:\/\/\*\*\*\*:\*\*\*\*@127\.0\.0\.1:\d+\/?$/);
    assert.doesNotMatch(text.output + json.output, /user|pw@/);
    assert.deepEqual(authorizations, [`Basic ${btoa("user:pw")}`, `Basic ${btoa("user:pw")}`]);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check exits 2 on a bad --target URL without printing its password", async () => {
  const { code, output } = await runMain([
    "check",
    "--config",
    "vigil.example.yaml",
    "--target",
    "demo=http://user:s3cretpw@127.0.0.1:99999",
  ]);
  assert.equal(code, 2, output);
  assert.match(
    output,
    /--target: demo: expected an http:\/\/ or https:\/\/ URL, got "http:\/\/\*\*\*\*:\*\*\*\*@127\.0\.0\.1:99999"/,
  );
  assert.doesNotMatch(output, /s3cretpw/);
});

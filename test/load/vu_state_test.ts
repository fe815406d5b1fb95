/** What a VU sees of itself: __VU, __ITER and exec.vu as k6 numbers them, and its own module state. */
import assert from "assert";
import { EXIT, runLoad } from "../../src/load/engine.ts";
import { runFixture, runScript, serveTarget } from "../_helpers/load.ts";

async function queries(fixtureName: string): Promise<Record<string, string>[]> {
  const seen: Record<string, string>[] = [];
  const target = serveTarget((request) => {
    seen.push(Object.fromEntries(new URL(request.url).searchParams));
    return new Response("ok");
  });
  try {
    const result = await runFixture(fixtureName, { TARGET: target.url });
    assert.equal(result.exitCode, EXIT.ok, `${result.error}\n${result.logs.join("\n")}`);
  } finally {
    await target.close();
  }
  return seen;
}

Deno.test("__VU, __ITER and exec.vu count as in k6, and every VU has its own copy of each module", async () => {
  const seen = await queries("vu_state.js");
  const rows = seen.map((q) => `${q.vu}:${q.iter}:${q.exec}:${q.lib}:${q.init}:${q.setup}:${q.prop}`).sort();
  assert.deepEqual(rows, [
    // VU : __ITER (0-based) : exec.vu.iterationInScenario : the VU's own library counter : __VU in its
    // init code : __VU in setup() (0) : a property named __VU is left alone.
    "1:0:0:1:1:0:26",
    "1:1:1:2:1:0:26",
    "2:0:0:1:2:0:26",
    "2:1:1:2:2:0:26",
    "3:0:0:1:3:0:26",
    "3:1:1:2:3:0:26",
  ]);
});

Deno.test("a script's own top-level __ITER is its own variable", async () => {
  const seen = await queries("own_vu_name.js");
  assert.deepEqual(seen, [{ iter: "mine", vu: "1" }]);
});

Deno.test("exec.scenario.iterationInTest numbers each iteration once, at its start, across VUs", async () => {
  const paths: string[] = [];
  const target = serveTarget((request) => {
    paths.push(new URL(request.url).pathname);
    return new Response("ok");
  });
  const source =
    `import http from "k6/http";\nimport { sleep } from "k6";\nimport exec from "k6/execution";\n` +
    `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 3, iterations: 12 } } };\n` +
    `export default function () {\n` +
    `  const first = exec.scenario.iterationInTest;\n` +
    `  sleep(0.02);\n` +
    `  http.get(\`\${__ENV.TARGET}/\${first}/\${exec.scenario.iterationInTest}\`);\n` +
    `}\n`;
  try {
    const result = await runScript(source, { env: { TARGET: target.url }, log: () => {} });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
  }
  const pairs = paths.map((p) => p.split("/").slice(1).map(Number));
  assert.ok(pairs.every(([a, b]) => a === b), `changed during the iteration: ${paths.join(" ")}`);
  assert.deepEqual(pairs.map(([a]) => a).sort((x, y) => x! - y!), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

Deno.test("a scenario's env is its VUs' __ENV in iterations (init code sees the run's), in the script and its modules", async () => {
  const paths: string[] = [];
  const target = serveTarget((request) => {
    paths.push(new URL(request.url).pathname);
    return new Response("ok");
  });
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/who.js`, `export function who() { return __ENV.WHO ?? "nobody"; }\n`);
  await Deno.writeTextFile(
    `${dir}/script.js`,
    `import http from "k6/http";\nimport { who } from "./who.js";\n` +
      // Init code sees the run's env only, as in k6.
      `const initWho = __ENV.WHO ?? "init";\n` +
      `export const options = { scenarios: {\n` +
      `  a: { executor: "shared-iterations", vus: 1, iterations: 1, env: { WHO: "first" } },\n` +
      `  b: { executor: "shared-iterations", vus: 1, iterations: 1, env: { WHO: "second", SHARED: "mine" } },\n` +
      `  c: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
      `export default function () { http.get(\`\${__ENV.TARGET}/\${__ENV.WHO}/\${who()}/\${__ENV.SHARED}/\${initWho}\`); }\n`,
  );
  try {
    const result = await runLoad({
      scriptPath: `${dir}/script.js`,
      env: { TARGET: target.url, SHARED: "run" },
      log: () => {},
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
    await Deno.remove(dir, { recursive: true });
  }
  assert.deepEqual(paths.sort(), [
    "/first/first/run/init",
    "/second/second/mine/init",
    "/undefined/nobody/run/init",
  ]);
});

Deno.test("open() resolves a relative path from the module that calls it, as k6 does", async () => {
  const paths: string[] = [];
  const target = serveTarget((request) => {
    paths.push(new URL(request.url).pathname);
    return new Response("ok");
  });
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/lib`);
  await Deno.writeTextFile(`${dir}/lib/items.json`, `["from-lib"]`);
  await Deno.writeTextFile(`${dir}/top.json`, `["from-script"]`);
  await Deno.writeTextFile(`${dir}/lib/data.js`, `export const items = JSON.parse(open("./items.json"));\n`);
  await Deno.writeTextFile(
    `${dir}/script.js`,
    `import http from "k6/http";\nimport { items } from "./lib/data.js";\n` +
      `const top = JSON.parse(open("./top.json"));\n` +
      `export const options = { scenarios: { s: { executor: "shared-iterations", vus: 1, iterations: 1 } } };\n` +
      `export default function () { http.get(\`\${__ENV.TARGET}/\${items[0]}/\${top[0]}\`); }\n`,
  );
  try {
    const result = await runLoad({
      scriptPath: `${dir}/script.js`,
      env: { TARGET: target.url },
      log: () => {},
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
  } finally {
    await target.close();
    await Deno.remove(dir, { recursive: true });
  }
  assert.deepEqual(paths, ["/from-lib/from-script"]);
});

Deno.test("scenarios one after another share VUs (as in k6), with the later scenario's exec, tags and env", async () => {
  const paths: string[] = [];
  const target = serveTarget((request) => {
    paths.push(new URL(request.url).pathname);
    return new Response("ok");
  });
  const source = `import http from "k6/http";\nimport exec from "k6/execution";\n` +
    `export const options = { scenarios: {\n` +
    `  first: { executor: "per-vu-iterations", vus: 3, iterations: 1, maxDuration: "1s", gracefulStop: "0s" },\n` +
    `  second: { executor: "per-vu-iterations", vus: 3, iterations: 1, startTime: "1500ms", exec: "later",\n` +
    `    env: { PHASE: "two" }, tags: { phase: "two" } },\n` +
    `  alongside: { executor: "per-vu-iterations", vus: 2, iterations: 1, startTime: "1500ms", exec: "later" } } };\n` +
    `export default function () { http.get(\`\${__ENV.TARGET}/first/\${__VU}\`); }\n` +
    `export function later() {\n` +
    `  http.get(\`\${__ENV.TARGET}/\${exec.scenario.name}/\${__VU}/\${exec.vu.iterationInScenario}/\${__ENV.PHASE ?? "-"}\`);\n` +
    `}\n`;
  const scenarioTags: string[] = [];
  try {
    const result = await runScript(source, {
      env: { TARGET: target.url },
      log: () => {},
      onSample: (metric, _value, tags) => {
        if (metric === "http_reqs") scenarioTags.push(`${tags.scenario}:${tags.phase ?? "-"}`);
      },
    });
    assert.equal(result.exitCode, 0, result.error ?? "");
    assert.equal(result.summary!.metrics.vus_max!.values.max, 5, "3 for the first, then 3 + 2 at once");
  } finally {
    await target.close();
  }
  const sorted = [...paths].sort();
  assert.deepEqual(sorted.filter((p) => p.startsWith("/first/")), ["/first/1", "/first/2", "/first/3"]);
  // The second scenario reuses VUs 1-3 (lowest first), its iterations counted from 0 again; the one
  // alongside it needs two more.
  assert.deepEqual(sorted.filter((p) => p.startsWith("/second/")), [
    "/second/1/0/two",
    "/second/2/0/two",
    "/second/3/0/two",
  ]);
  assert.deepEqual(sorted.filter((p) => p.startsWith("/alongside/")), [
    "/alongside/4/0/-",
    "/alongside/5/0/-",
  ]);
  assert.equal(
    scenarioTags.filter((t) => t === "second:two").length,
    3,
    "the later scenario's tags, not the first's",
  );
});

Deno.test("exec.test.options lists the scenarios as k6 consolidates them, also from the shortcuts", async () => {
  const source = `import exec from "k6/execution";\nimport { check } from "k6";\n` +
    `export const options = { vus: 2, duration: "1s", thresholds: { checks: ["rate==1"] } };\n` +
    `export default function () {\n` +
    `  const s = exec.test.options.scenarios;\n` +
    `  check(s, {\n` +
    `    "the shortcut's scenario": (x) => Object.keys(x).join() === "default" &&\n` +
    `      x.default.executor === "constant-vus" && x.default.vus === 2 && x.default.duration === "1s" &&\n` +
    `      x.default.gracefulStop === "30s",\n` +
    `    "the script's own options too": () => exec.test.options.vus === 2,\n` +
    `  });\n` +
    `  if (exec.scenario.iterationInTest >= 3) exec.test.abort("enough");\n` +
    `}\n`;
  const result = await runScript(source, { env: {}, log: () => {} });
  assert.equal(result.summary?.metrics.checks?.values.rate, 1, result.error ?? "");
});

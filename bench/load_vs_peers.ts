/**
 * The load engine against its peers, side by side in one run on the same loopback target (its own
 * process): requests/s of `deno task load` (constant-vus, one GET + one check per iteration) against
 * wrk and autocannon with the same connections and duration; then the open model at 1000/s (achieved
 * rate, start lag); optionally a soak's resident memory, minute 1 against minute 5.
 *
 * Each round also runs two references, to show where the time goes: Deno's floor (a fixed request
 * written to a socket and the answer read back: no parsing, timing, script or metrics — no JS client on
 * Deno can beat it) and Vigil's HTTP client alone (the same client the engine uses, without the k6
 * layer). The floor reaching wrk while the full engine does not puts the gap in per-request work, not
 * in the runtime's sockets.
 *
 * Every tool's CPU per request is also printed, user and kernel apart, sampled from /proc over the
 * steady middle of its run (start-up excluded), with the target's CPU use: the kernel's share of a
 * loopback request is about the same for every client, so what separates them is their user time.
 *
 * Usage: deno run -A bench/load_vs_peers.ts [--vus 50] [--seconds 10] [--rounds 3] [--soak]
 *
 * The machine is shared and has 2 cores: the ratios within a round are the result, not the absolutes.
 *
 * @module
 */
import { parseArgs } from "parse-args";

const { values } = parseArgs({
  options: {
    vus: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    soak: { type: "boolean", default: false },
  },
});
const vus = Number(values.vus);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const root = new URL("../", import.meta.url).pathname;

/** CPU seconds per second of run time: a tool's own (user, kernel) and the target's (both). */
interface CpuUse {
  user: number;
  sys: number;
  target: number;
}
/** What each tool used in its last run, by name; filled by `output`. */
const cpu = new Map<string, CpuUse>();

/** User and kernel CPU seconds so far of a process and every live descendant (npx runs a child node). */
async function treeCpu(root: number): Promise<{ user: number; sys: number }> {
  const procs: { pid: number; ppid: number; user: number; sys: number }[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
      // Fields after the command name, which is in parentheses and may hold spaces: ppid is the 2nd,
      // utime and stime the 12th and 13th (clock ticks of 1/100 s).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.push({
        pid: Number(entry.name),
        ppid: Number(fields[1]),
        user: Number(fields[11]) / 100,
        sys: Number(fields[12]) / 100,
      });
    } catch {
      // Ended while listed.
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) grew = tree.add(p.pid) !== undefined;
  }
  const mine = procs.filter((p) => tree.has(p.pid));
  return { user: mine.reduce((a, p) => a + p.user, 0), sys: mine.reduce((a, p) => a + p.sys, 0) };
}

/** The target's pid, once started: its CPU is sampled beside each tool's. */
let targetPid = 0;

/**
 * Runs a tool to its end and returns what it printed. With `name`, its CPU use in the steady middle of
 * the run (from 2 s in to 1 s before the planned end) is kept in `cpu`.
 */
async function output(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  name?: string,
): Promise<string> {
  const child = new Deno.Command(command, { args, env, stdout: "piped", stderr: "piped", cwd: root }).spawn();
  const result = child.output();
  if (name !== undefined && seconds >= 5) {
    const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));
    await sleep(2);
    const [a, ta] = [await treeCpu(child.pid), await treeCpu(targetPid)];
    const t0 = performance.now();
    await sleep(seconds - 3);
    const [b, tb] = [await treeCpu(child.pid), await treeCpu(targetPid)];
    const span = (performance.now() - t0) / 1000;
    cpu.set(name, {
      user: (b.user - a.user) / span,
      sys: (b.sys - a.sys) / span,
      target: (tb.user + tb.sys - ta.user - ta.sys) / span,
    });
  }
  const { stdout, stderr } = await result;
  return new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
}

/** "user 0.5 + kernel 5.2 µs/req (target 0.99 core)" for a tool that ran at `rate`. */
function cpuPerRequest(name: string, rate: number): string {
  const use = cpu.get(name);
  if (use === undefined) return "";
  const us = (x: number) => (x / rate * 1e6).toFixed(1);
  return `${name}: user ${us(use.user)} + kernel ${us(use.sys)} µs/req (target ${
    use.target.toFixed(2)
  } cores)`;
}

function startTarget(): Promise<{ url: string; process: Deno.ChildProcess }> {
  const process = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", `${root}bench/load_client/target_server.ts`, "0"],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  return new Promise((resolve, reject) => {
    const reader = process.stdout.pipeThrough(new TextDecoderStream()).getReader();
    reader.read().then(({ value }) => {
      const port = /listening (\d+)/.exec(value ?? "")?.[1];
      if (port === undefined) reject(new Error(`target did not start: ${value}`));
      else resolve({ url: `http://127.0.0.1:${port}/`, process });
      reader.releaseLock();
    });
  });
}

async function wrk(url: string): Promise<number> {
  const text = await output("wrk", ["-t1", `-c${vus}`, `-d${seconds}s`, url], {}, "wrk");
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? NaN);
}

async function autocannon(url: string): Promise<number> {
  const text = await output(
    "npx",
    [
      "-y",
      "autocannon@8",
      "-c",
      String(vus),
      "-d",
      String(seconds),
      "--json",
      url,
    ],
    {},
    "autocannon",
  );
  const json = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
  return json.requests.total / (json.duration ?? seconds);
}

async function vigil(
  url: string,
  script: string,
  env: Record<string, string>,
  name?: string,
): Promise<Record<string, { values?: Record<string, number> } & Record<string, number>>> {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  await output(
    Deno.execPath(),
    [
      "run",
      "-A",
      `${root}src/cli/main.ts`,
      "load",
      `${root}bench/scripts/${script}`,
      "--target",
      url,
      "--quiet",
      "--summary-export",
      file,
      ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    ],
    {},
    name,
  );
  const summary = JSON.parse(await Deno.readTextFile(file));
  await Deno.remove(file);
  return summary.metrics;
}

/** Requests/s of a bench/load_client loop (`raw` or `ours`) in its own process. */
async function clientLoop(kind: "raw" | "ours", url: string): Promise<number> {
  const text = await output(
    Deno.execPath(),
    [
      "run",
      "--allow-net",
      "--allow-read",
      `${root}bench/load_client/run_client.ts`,
      kind,
      url,
      String(vus),
      String(seconds),
    ],
    {},
    kind === "raw" ? "floor" : "client",
  );
  const count = JSON.parse(text.trim().split("\n").at(-1) ?? "{}") as { ok: number; seconds: number };
  return count.ok / count.seconds;
}

/**
 * CPU seconds (user + system) of this process's children that have ended, from /proc/self/stat
 * (cutime, cstime): the difference around one run is that run's CPU.
 */
async function childCpuSeconds(): Promise<number> {
  const stat = await Deno.readTextFile("/proc/self/stat");
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime: fields 16, 17 (clock ticks)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const target = await startTarget();
targetPid = target.process.pid;
try {
  console.log(`Target ${target.url}; ${vus} connections/VUs, ${seconds} s each, ${rounds} rounds\n`);
  const ratios = {
    wrk: [] as number[],
    autocannon: [] as number[],
    floor: [] as number[],
    client: [] as number[],
  };
  for (let round = 1; round <= rounds; round++) {
    const w = await wrk(target.url);
    const a = await autocannon(target.url);
    const metrics = await vigil(target.url, "constant_vus_get.js", {
      VUS: String(vus),
      DURATION: `${seconds}s`,
    }, "vigil");
    const v = metrics.http_reqs!.rate!;
    const floor = await clientLoop("raw", target.url);
    const client = await clientLoop("ours", target.url);
    ratios.wrk.push(v / w);
    ratios.autocannon.push(v / a);
    ratios.floor.push(floor / w);
    ratios.client.push(client / w);
    console.log(
      `round ${round}: wrk ${w.toFixed(0)} req/s, autocannon ${a.toFixed(0)} req/s, vigil ${
        v.toFixed(0)
      } req/s ` +
        `→ vigil/wrk ${(v / w).toFixed(2)}, vigil/autocannon ${(v / a).toFixed(2)}; ` +
        `references: Deno's floor ${floor.toFixed(0)} (${(floor / w).toFixed(2)}× wrk), ` +
        `Vigil's HTTP client alone ${client.toFixed(0)} (${(client / w).toFixed(2)}× wrk)`,
    );
    const rates: [string, number][] = [["wrk", w], ["autocannon", a], ["vigil", v], ["floor", floor], [
      "client",
      client,
    ]];
    for (const [name, rate] of rates) if (cpu.has(name)) console.log(`  CPU ${cpuPerRequest(name, rate)}`);
  }
  console.log(
    `\nmedian vigil/wrk ${median(ratios.wrk).toFixed(2)} (goal ≥ 0.80), vigil/autocannon ${
      median(ratios.autocannon).toFixed(2)
    } (goal ≥ 1.50); Deno's floor ${median(ratios.floor).toFixed(2)}× wrk, ` +
      `Vigil's HTTP client alone ${median(ratios.client).toFixed(2)}× wrk`,
  );

  const cpuBefore = await childCpuSeconds();
  const open = await vigil(target.url, "arrival_rate.js", { RATE: "1000", DURATION: `${seconds}s` });
  const openCpu = await childCpuSeconds() - cpuBefore;
  const achieved = open.iterations!.count! / seconds;
  const lag = open.iteration_start_lag!;
  console.log(
    `\nconstant-arrival-rate 1000/s for ${seconds} s: achieved ${achieved.toFixed(1)}/s ` +
      `(${((achieved / 1000 - 1) * 100).toFixed(2)}%, goal within 1%), dropped ${
        open.dropped_iterations?.count ?? 0
      }, ` +
      `start lag p50 ${lag.med!.toFixed(3)} ms, p99 ${lag["p(99)"]!.toFixed(3)} ms (goal < 2 ms); ` +
      `Vigil's CPU ${openCpu.toFixed(2)} s in the ${seconds} s run (start-up included)`,
  );

  if (values.soak) {
    console.log("\nsoak: 300 s at 200/s, resident memory of the vigil process each second");
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${root}src/cli/main.ts`,
        "load",
        `${root}bench/scripts/arrival_rate.js`,
        "--target",
        target.url,
        "--quiet",
        "-e",
        "RATE=200",
        "-e",
        "DURATION=300s",
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const rss: number[] = [];
    for (let s = 0; s < 300; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      try {
        const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
        rss.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024);
      } catch {
        break;
      }
    }
    await child.status;
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const m1 = avg(rss.slice(60, 120));
    const m5 = avg(rss.slice(240, 300));
    console.log(
      `RSS minute 1 ${m1.toFixed(1)} MiB, minute 5 ${m5.toFixed(1)} MiB: ${
        ((m5 / m1 - 1) * 100).toFixed(1)
      }% (goal within ±10%)`,
    );
  }
} finally {
  target.process.kill();
  await target.process.status;
}

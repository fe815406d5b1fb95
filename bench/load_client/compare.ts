/**
 * Side-by-side client benchmark: the same Deno.serve JSON target (its own process), the same number of
 * connections and the same duration for wrk, autocannon, `fetch` and our HttpClient (one process, and
 * spread over Worker isolates), repeated for several rounds; prints requests/s medians and our ratios.
 *
 * Usage:
 * `deno run --allow-run --allow-net --allow-read bench/load_client/compare.ts [--connections 50] [--duration 5] [--rounds 3] [--workers 2]`
 *
 * The machine is shared and has 2 cores (server and client each get about one): trust the ratios
 * within a round more than the absolute figures.
 *
 * @module
 */

import { parseArgs } from "parse-args";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    workers: { type: "string", default: "2" },
    only: { type: "string", default: "" },
  },
});
const connections = Number(values.connections);
const seconds = Number(values.duration);
const rounds = Number(values.rounds);
const workers = Number(values.workers);
const only = values.only === "" ? null : new Set(values.only.split(","));
const here = new URL(".", import.meta.url).pathname;

/** A contender: a name and how to measure its requests/s once. */
interface Contender {
  name: string;
  run: (url: string) => Promise<number>;
}

async function output(command: string, args: string[]): Promise<string> {
  const result = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(result.stdout);
  if (!result.success) {
    throw new Error(`${command} ${args.join(" ")} failed: ${new TextDecoder().decode(result.stderr)}${text}`);
  }
  return text;
}

async function deno(kind: string, url: string, workerCount: number): Promise<number> {
  const text = await output(Deno.execPath(), [
    "run",
    "--allow-net",
    "--allow-read",
    `${here}run_client.ts`,
    kind,
    url,
    String(connections),
    String(seconds),
    String(workerCount),
  ]);
  const count = JSON.parse(text.trim().split("\n").at(-1) ?? "{}") as {
    ok: number;
    errors: number;
    seconds: number;
  };
  if (count.errors > 0) console.error(`  ${kind}×${workerCount}: ${count.errors} errors`);
  return count.ok / count.seconds;
}

const everyone: Contender[] = [
  {
    name: "wrk -t1",
    run: async (url) => {
      const text = await output("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, url]);
      const rate = /Requests\/sec:\s+([\d.]+)/.exec(text)?.[1];
      if (/Non-2xx|Socket errors/.test(text)) {
        console.error(`  wrk: ${text.split("\n").filter((l) => /Non-2xx|Socket/.test(l)).join("; ")}`);
      }
      return Number(rate);
    },
  },
  {
    name: "autocannon",
    run: async (url) => {
      const text = await output("npx", [
        "-y",
        "autocannon",
        "-c",
        String(connections),
        "-d",
        String(seconds),
        "--json",
        url,
      ]);
      const report = JSON.parse(text) as {
        requests: { total: number };
        duration: number;
        errors: number;
        non2xx: number;
      };
      if (report.errors > 0 || report.non2xx > 0) {
        console.error(`  autocannon: ${report.errors} errors, ${report.non2xx} non-2xx`);
      }
      return report.requests.total / report.duration;
    },
  },
  { name: "fetch (createHttpClient)", run: (url) => deno("fetch", url, 1) },
  { name: "ours", run: (url) => deno("ours", url, 1) },
  { name: "raw (Deno's floor)", run: (url) => deno("raw", url, 1) },
  ...(workers > 1
    ? [{ name: `ours ×${workers} workers`, run: (url: string) => deno("ours", url, workers) }]
    : []),
];
const contenders = everyone.filter((contender) =>
  only === null || only.has(contender.name.split(" ")[0] as string)
);

const server = new Deno.Command(Deno.execPath(), {
  args: ["run", "--allow-net", `${here}target_server.ts`],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
let banner = "";
while (!banner.includes("\n")) {
  const { value, done } = await reader.read();
  if (done) throw new Error("Target server exited before listening");
  banner += value;
}
const port = /listening (\d+)/.exec(banner)?.[1];
const url = `http://127.0.0.1:${port}/`;
// Let `npx` fetch autocannon before anything is timed.
if (contenders.some((c) => c.name === "autocannon")) await output("npx", ["-y", "autocannon", "--version"]);

const results = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
try {
  for (let round = 1; round <= rounds; round++) {
    console.error(`round ${round}/${rounds}`);
    for (const contender of contenders) {
      const rate = await contender.run(url);
      results.get(contender.name)?.push(rate);
      console.error(`  ${contender.name.padEnd(26)} ${Math.round(rate)} req/s`);
    }
  }
} finally {
  server.kill("SIGTERM");
  await reader.cancel();
  await server.status;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid] as number
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const medians = new Map([...results].map(([name, rates]) => [name, median(rates)]));
console.log(`\nc=${connections}, ${seconds}s each, ${rounds} rounds (median req/s; all rounds in brackets)`);
for (const [name, rates] of results) {
  console.log(
    `${name.padEnd(26)} ${String(Math.round(medians.get(name) ?? 0)).padStart(7)}   [${
      rates.map(Math.round).join(", ")
    }]`,
  );
}
// Ratios within each round (same load on the shared machine), then their median: steadier than a
// ratio of medians taken from different moments.
for (const other of ["wrk -t1", "autocannon", "fetch (createHttpClient)"]) {
  const base = results.get(other);
  const ours = results.get("ours");
  if (base === undefined || ours === undefined) continue;
  const ratios = ours.map((rate, i) => rate / (base[i] as number));
  console.log(
    `ours / ${other}: ${median(ratios).toFixed(2)}   [${ratios.map((r) => r.toFixed(2)).join(", ")}]`,
  );
}

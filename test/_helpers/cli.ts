/** Runs Vigil's command line as a user would: a real `deno run` subprocess. */
import { fileURLToPath } from "node:url";

export const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const PERMISSIONS = ["--allow-net", "--allow-read", "--allow-write", "--allow-env", "--allow-run"];

/** Runs `main.ts ARGS` to completion; returns exit code and output. */
export async function runCli(args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMISSIONS, MAIN, ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
  }).output();
  return { code, stdout: new TextDecoder().decode(stdout), stderr: new TextDecoder().decode(stderr) };
}

/** A port that was free a moment ago (bind to 0, read it, release it). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Runs `main(ARGS)` in this process, as main.ts would, with console output captured. */
export async function runMain(args: string[]) {
  const { main } = await import("../../src/cli/main.ts");
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...items: unknown[]) => lines.push(items.join(" "));
  console.error = (...items: unknown[]) => lines.push(items.join(" "));
  try {
    return { code: await main(args), output: lines.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

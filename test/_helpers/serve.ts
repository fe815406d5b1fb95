/** `serve` as a real subprocess on loopback, for tests that need a socket, a SQLite file and restarts. */
import { MAIN, PERMISSIONS, ROOT } from "./cli.ts";

/** A running `serve`: its process and base URL. */
export interface Served {
  child: Deno.ChildProcess;
  url: string;
  /** Sends SIGTERM and waits for the exit; returns the exit code. */
  stop(): Promise<number>;
}

/**
 * Starts `main.ts serve --config CONFIG --db DB --port PORT` and waits until /readyz answers.
 *
 * @param config the config file
 * @param db the SQLite file
 * @param port the port on 127.0.0.1
 * @returns the running server
 */
export async function startServe(config: string, db: string, port: number): Promise<Served> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMISSIONS, MAIN, "serve", "--config", config, "--db", db, "--port", String(port)],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    return (await child.status).code;
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/readyz`);
      await response.body?.cancel();
      if (response.ok) return { child, url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`Vigil did not become ready at ${url}`);
}

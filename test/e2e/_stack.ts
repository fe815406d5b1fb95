/**
 * Real Prometheus and Alertmanager processes for end-to-end tests: started on 127.0.0.1 with their own
 * temporary storage, stopped by pid, their output kept for the failure message.
 */

function which(candidates: string[]): string | undefined {
  for (const name of candidates) {
    try {
      const ok = new Deno.Command(name, { args: ["--version"], stdout: "null", stderr: "null" }).outputSync()
        .success;
      if (ok) return name;
    } catch {
      // not installed under this name
    }
  }
  return undefined;
}

/** The Prometheus and Alertmanager binaries (Debian names the latter `prometheus-alertmanager`). */
export const BINARIES = {
  prometheus: which(["prometheus"]),
  alertmanager: which(["prometheus-alertmanager", "alertmanager"]),
};

/**
 * Whether the stack can run. Locally a missing binary skips the test; under CI (`CI=true`) it is an error,
 * so a broken install cannot pass as green.
 */
export const hasStack: boolean = (() => {
  const found = BINARIES.prometheus !== undefined && BINARIES.alertmanager !== undefined;
  if (!found && Deno.env.get("CI") === "true") {
    throw new Error(
      "prometheus and alertmanager are required under CI: apt-get install prometheus prometheus-alertmanager",
    );
  }
  return found;
})();

/** A started process and what it printed. */
export interface StackProcess {
  name: string;
  pid: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a process, collecting its output. */
export function startProcess(name: string, command: string, args: string[]): StackProcess {
  const child = new Deno.Command(command, { args, stdin: "null", stdout: "piped", stderr: "piped" }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  };
  const collecting = Promise.all([collect(child.stdout), collect(child.stderr)]);
  let exited = false;
  const status = child.status.then((result) => {
    exited = true;
    return result;
  });
  return {
    name,
    pid: child.pid,
    output: () => text,
    async stop(graceMs = 5_000) {
      if (!exited) {
        try {
          Deno.kill(child.pid, "SIGTERM");
        } catch {
          // already gone
        }
        const timer = setTimeout(() => {
          try {
            if (!exited) Deno.kill(child.pid, "SIGKILL");
          } catch {
            // already gone
          }
        }, graceMs);
        await status;
        clearTimeout(timer);
      }
      await collecting;
    },
  };
}

/** Polls `check` every `everyMs` until it returns a value, or throws `message` after `timeoutMs`. */
export async function waitFor<T>(
  message: string,
  timeoutMs: number,
  check: () => Promise<T | undefined> | T | undefined,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** GETs a URL and returns the response body as text, or undefined on any failure. */
export async function fetchText(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    const body = await response.text();
    return response.ok ? body : undefined;
  } catch {
    return undefined;
  }
}

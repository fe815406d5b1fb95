/** Runs `promtool` (Debian package `prometheus`) when it is installed; .ci/run installs it. */

/**
 * Whether promtool is on the PATH. Locally a test that needs it is skipped (Deno lists it as ignored);
 * under CI (`CI=true`) a missing promtool is an error, so a broken install cannot pass as green.
 */
export const hasPromtool: boolean = (() => {
  let found = false;
  try {
    found = new Deno.Command("promtool", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    found = false;
  }
  if (!found && Deno.env.get("CI") === "true") {
    throw new Error("promtool is required under CI: apt-get install prometheus");
  }
  return found;
})();

/** Pipes an exposition into `promtool check metrics`; returns its exit code and what it said. */
export async function promtoolCheckMetrics(exposition: string): Promise<{ code: number; output: string }> {
  const child = new Deno.Command("promtool", {
    args: ["check", "metrics"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  })
    .spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(exposition));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  return { code, output: new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr) };
}

/** Runs `promtool ARGS` in `cwd`; returns its exit code and everything it printed. */
export async function promtool(args: string[], cwd?: string): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await new Deno.Command("promtool", {
    args,
    ...(cwd === undefined ? {} : { cwd }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, output: new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr) };
}

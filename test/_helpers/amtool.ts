/** Runs `amtool` (Debian package `prometheus-alertmanager`) when it is installed; .ci/run installs it. */

/**
 * Whether amtool is on the PATH. Locally a test that needs it is skipped (Deno lists it as ignored);
 * under CI (`CI=true`) a missing amtool is an error, so a broken install cannot pass as green.
 */
export const hasAmtool: boolean = (() => {
  let found = false;
  try {
    found = new Deno.Command("amtool", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    found = false;
  }
  if (!found && Deno.env.get("CI") === "true") {
    throw new Error("amtool is required under CI: apt-get install prometheus-alertmanager");
  }
  return found;
})();

/** Runs `amtool ARGS`; returns its exit code and everything it printed. */
export async function amtool(args: string[]): Promise<{ code: number; output: string }> {
  const { code, stdout, stderr } = await new Deno.Command("amtool", {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, output: new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr) };
}

/**
 * Browser tests' shared setup: Debian's Chromium driven by playwright-core, headless, with the flags this
 * closed network needs. Locally a browser test is skipped when Chromium is missing or when Deno lacks
 * what playwright-core needs; under CI (`CI=true`) either is an error, so a broken setup cannot pass as
 * green.
 */
import { existsSync } from "node:fs";
import { homedir, release } from "node:os";
import { fileURLToPath } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = fileURLToPath(new URL("../../artifacts/", import.meta.url));
export const SCREENSHOTS = `${ARTIFACTS}screenshots/`;

/** Chromium's flags: no sandbox as root, and none of the background traffic a closed network refuses. */
export const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * Why a browser test cannot run here, or null when it can; throws under CI instead of skipping.
 *
 * @param what the test's name, for the CI error
 */
export function browserUnavailable(what: string): string | null {
  let reason: string | null = null;
  try {
    if (!Deno.statSync(CHROMIUM).isFile) reason = `${CHROMIUM} is not a file`;
  } catch {
    reason = `${CHROMIUM} is missing (apt-get install chromium)`;
  }
  if (reason === null) {
    try {
      // What playwright-core touches when it loads: the home directory, the OS release, and is-wsl's
      // probe of /proc/sys, which Deno only allows with --allow-all.
      homedir();
      release();
      existsSync("/proc/sys/fs/binfmt_misc/WSLInterop");
    } catch (error) {
      reason = `playwright-core needs more permissions than this run has (${
        error instanceof Error ? error.message : String(error)
      })`;
    }
  }
  if (reason !== null && Deno.env.get("CI") === "true") {
    throw new Error(`${what} cannot run under CI: ${reason}`);
  }
  return reason;
}

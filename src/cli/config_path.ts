/**
 * Which config file a command uses when `--config` is absent: `$VIGIL_CONFIG`, else `vigil.yaml` in the
 * working directory, else the shipped `vigil.example.yaml` (so the demo works on a fresh clone).
 *
 * @module
 */

/**
 * Resolves the config path.
 *
 * @param explicit the `--config` value, if given
 * @param exists file-existence check (injected for tests)
 * @returns the path to load
 */
export function resolveConfigPath(
  explicit: string | undefined,
  exists: (path: string) => boolean = fileExists,
): string {
  if (explicit !== undefined) return explicit;
  const fromEnv = Deno.env.get("VIGIL_CONFIG");
  if (fromEnv) return fromEnv;
  return exists("vigil.yaml") ? "vigil.yaml" : "vigil.example.yaml";
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

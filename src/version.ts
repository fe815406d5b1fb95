/** Vigil's version, reported by `vigil_build_info` and `--version`. Keep in step with deno.json. */
export const VERSION = "0.1.0";

/** The generated files of the golden tests: the fixture config's and the committed deploy/ directory. */
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../../src/config/load.ts";
import { deployFiles } from "../../../src/slo/generate/bundle.ts";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Where each golden set lives (relative to the repository) and how it is generated. */
export const GOLDEN_SETS = {
  fixture: {
    dir: "test/fixtures/rules/golden",
    async files() {
      const config = await loadConfig(`${ROOT}test/fixtures/rules/vigil.yaml`, { env: {} });
      return deployFiles(config, {
        source: "test/fixtures/rules/vigil.yaml",
        buildContext: "../../../..",
        configFile: "../vigil.yaml",
      });
    },
  },
  // deploy/ is what `deno task rules --config vigil.example.yaml --out deploy` writes.
  deploy: {
    dir: "deploy",
    async files() {
      const config = await loadConfig(`${ROOT}vigil.example.yaml`, { env: {} });
      return deployFiles(config, {
        source: "vigil.example.yaml",
        buildContext: "..",
        configFile: "../vigil.example.yaml",
      });
    },
  },
} as const;

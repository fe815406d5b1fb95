/**
 * One-shot probing for `check`: every probe, `rounds` times. Probes of one round run concurrently
 * (they are independent requests); rounds run one after another so a round never queues behind itself.
 *
 * @module
 */
import type { Config } from "../config/types.ts";
import type { ProbeResult } from "../store/store.ts";
import { createProbeClient, runProbe } from "./run.ts";

/**
 * Runs every probe of the config `rounds` times.
 *
 * @param config targets and probes
 * @param rounds how many times each probe runs (at least 1)
 * @param onResult called with each result as it arrives (for progress output)
 * @returns every result, in completion order within each round
 */
export async function runRounds(
  config: Pick<Config, "probes" | "targets">,
  rounds: number,
  onResult?: (result: ProbeResult, round: number) => void,
): Promise<ProbeResult[]> {
  const client = createProbeClient();
  const results: ProbeResult[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      await Promise.all(config.probes.map(async (probe) => {
        const target = config.targets[probe.target];
        if (target === undefined) {
          throw new Error(`Probe "${probe.name}" names unknown target "${probe.target}"`);
        }
        const result = await runProbe(probe, target, { client });
        results.push(result);
        onResult?.(result, round);
      }));
    }
  } finally {
    client.close();
  }
  return results;
}

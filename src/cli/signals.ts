/**
 * Waiting for SIGINT/SIGTERM, shared by the long-running commands.
 *
 * @module
 */

/**
 * Resolves with the name of the first SIGINT or SIGTERM, then removes its listeners.
 *
 * @returns the signal's name
 */
export function untilSignal(): Promise<Deno.Signal> {
  return new Promise((resolve) => {
    const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
    const handlers = signals.map((signal) => {
      const handler = () => {
        handlers.forEach(([s, h]) => Deno.removeSignalListener(s, h));
        resolve(signal);
      };
      Deno.addSignalListener(signal, handler);
      return [signal, handler] as const;
    });
  });
}

/**
 * SIGINT/SIGTERM handling shared by the commands that stop gracefully.
 *
 * One Ctrl-C can arrive twice. The terminal signals its whole foreground process group, and `deno task`
 * also forwards the SIGINT it got to its child: measured here, two SIGINTs 0.7 ms apart (one when
 * they coalesce). Taken as two presses, the second meant "quit now" and skipped the load summary, or
 * (with the listener already removed) killed the service mid-shutdown with 130. A signal that follows
 * the first within `REPEAT_SIGNAL_MS` is therefore the same press.
 *
 * @module
 */

/** Signals closer than this to the first are one press; a person pressing twice takes longer. */
export const REPEAT_SIGNAL_MS = 300;

const STOP_SIGNALS: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
const SIGNAL_NUMBERS: Partial<Record<Deno.Signal, number>> = { SIGINT: 2, SIGTERM: 15 };

/**
 * Listens for SIGINT and SIGTERM: `first` runs on the first, `again` on any later one that is not the
 * first delivered twice.
 *
 * @param first called once, with the signal's name
 * @param again called for each later, separate signal
 * @returns removes the listeners (at once, or when the first signal's copy can no longer arrive)
 */
export function onStopSignals(
  first: (signal: Deno.Signal) => void,
  again: (signal: Deno.Signal) => void,
): () => void {
  let firstAt: number | null = null;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      const now = performance.now();
      if (firstAt === null) {
        firstAt = now;
        first(signal);
      } else if (now - firstAt >= REPEAT_SIGNAL_MS) {
        again(signal);
      }
    };
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    const remove = () => {
      for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
    };
    const left = firstAt === null ? 0 : REPEAT_SIGNAL_MS - (performance.now() - firstAt);
    if (left <= 0) return remove();
    // The copy of the first signal may still be on its way; with no listener it would kill the
    // process (130) as it exits. The timer does not keep the process alive.
    const timer = setTimeout(remove, left);
    Deno.unrefTimer(timer);
  };
}

/**
 * Resolves with the name of the first SIGINT or SIGTERM. A separate later one exits the process at
 * once (128 + the signal's number, as the default action would), for a shutdown that takes too long.
 *
 * @param log where the forced exit is reported
 * @returns the signal's name
 */
export function untilSignal(log: (line: string) => void = console.error): Promise<Deno.Signal> {
  return new Promise((resolve) => {
    // The listeners stay: they do not keep the process alive, and removed, a late duplicate of the
    // first signal would kill the process mid-shutdown.
    onStopSignals(resolve, (signal) => {
      log(`vigil: ${signal} again, exiting without finishing the shutdown`);
      Deno.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
    });
  });
}

/**
 * Worker entry for the multi-isolate run: receives `{ kind, url, connections, seconds }`, runs the loops
 * and posts the counts back.
 *
 * @module
 */

import { type ClientKind, type LoopCount, runLoops } from "./client_loop.ts";

/** What a module worker's global offers (typed here so the file checks alongside window code). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<Job>) => void) | null;
  postMessage(message: LoopCount): void;
  close(): void;
}

/** One measurement for this worker. */
interface Job {
  kind: ClientKind;
  url: string;
  connections: number;
  seconds: number;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = async (event) => {
  const { kind, ...options } = event.data;
  scope.postMessage(await runLoops(kind, options));
  scope.close();
};

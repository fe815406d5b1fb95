/**
 * Worker entry for the multi-isolate run: receives `{ kind, url, connections, seconds }`, runs the loops
 * and posts the counts back.
 *
 * @module
 */

import { type ClientKind, runLoops } from "./client_loop.ts";

self.onmessage = async (
  event: MessageEvent<{ kind: ClientKind; url: string; connections: number; seconds: number }>,
) => {
  const { kind, ...options } = event.data;
  const count = await runLoops(kind, options);
  self.postMessage(count);
  self.close();
};

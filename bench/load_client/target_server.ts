/**
 * The benchmark target: a Deno.serve JSON endpoint shaped like a small model answer. It runs in its own
 * process so the clients under test never share its event loop.
 *
 * Usage: `deno run --allow-net bench/load_client/target_server.ts [port]` — prints `listening <port>`.
 *
 * @module
 */

const answer = JSON.stringify({ label: "positive", confidence: 0.93, model_version: "nb-1a2b" });
const port = Number(Deno.args[0] ?? 0);
Deno.serve({
  hostname: "127.0.0.1",
  port,
  onListen: ({ port }) => console.log(`listening ${port}`),
}, () => new Response(answer, { headers: { "content-type": "application/json" } }));

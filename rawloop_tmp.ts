import { HttpClient } from "./src/load/http_client.ts";
let n = 0; const end = performance.now() + 6000;
await Promise.all(Array.from({ length: 50 }, async () => { const c = new HttpClient(); while (performance.now() < end) { const r = await c.request({ method: "GET", url: "http://127.0.0.1:19555/", timeoutMs: 60000 }); if (r.status === 200) n++; } c.close(); }));
console.log("raw", (n / 6).toFixed(0), "req/s");

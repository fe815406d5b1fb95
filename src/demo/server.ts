/**
 * Serves the demo model app on a real socket.
 *
 * @module
 */
import { instrument, type InstrumentOptions } from "../instrument/middleware.ts";
import { createDemoApp, DEMO_MODEL_NAME, type DemoAppOptions } from "./app.ts";
import { createFaults, type Faults } from "./faults.ts";
import { demoModel } from "./model.ts";
import { startTraffic, type Traffic, type TrafficOptions } from "./traffic.ts";

/** Options for {@linkcode startDemo}: where to listen, plus the app's dependencies. */
export interface StartDemoOptions extends DemoAppOptions {
  /** Interface to bind; "127.0.0.1" unless given, so the demo is not exposed by accident. */
  hostname?: string;
  /** Port to bind; 0 picks any free port. 0 unless given. */
  port?: number;
  /** Forward a sample of predictions to Vigil (`instrument()`'s forwarding); none unless given. */
  forward?: InstrumentOptions["forward"];
  /** Simulated users sending requests through the app; none unless given. */
  traffic?: TrafficOptions;
}

/** A running demo service. */
export interface DemoServer {
  /** Base URL, e.g. `http://127.0.0.1:8081`, with the actual port. */
  url: string;
  /** The bound interface. */
  hostname: string;
  /** The actual port, useful when 0 was asked for. */
  port: number;
  /** Version of the model being served. */
  modelVersion: string;
  /** The live fault state; mutating it takes effect on the next request. */
  faults: Faults;
  /** Stops accepting connections and resolves once in-flight requests are answered. */
  shutdown(): Promise<void>;
}

/**
 * Starts the demo model service with `Deno.serve`.
 *
 * @param options where to listen, the model, initial faults and random source
 * @returns the running server
 * @example
 * ```ts
 * import { startDemo } from "./server.ts";
 * import assert from "node:assert/strict";
 * const demo = await startDemo({ port: 0 });
 * const response = await fetch(`${demo.url}/healthz`);
 * assert.equal((await response.json()).status, "ok");
 * await demo.shutdown();
 * ```
 */
export function startDemo(options: StartDemoOptions = {}): Promise<DemoServer> {
  const hostname = options.hostname ?? "127.0.0.1";
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return Promise.reject(new RangeError(`Invalid port "${port}": expected a whole number from 0 to 65535`));
  }
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;

  // Everything that can throw runs inside the executor, so every failure arrives as a rejection.
  return new Promise((resolve, reject) => {
    const model = options.model ?? demoModel();
    const faults = options.faults ?? createFaults();
    const instrumentation = instrument({
      model: DEMO_MODEL_NAME,
      version: model.version,
      ...(options.forward === undefined ? {} : { forward: options.forward }),
    });
    const app = createDemoApp(
      options.random
        ? { model, faults, random: options.random, instrumentation }
        : { model, faults, instrumentation },
    );
    let server: Deno.HttpServer<Deno.NetAddr> | undefined;
    let traffic: Traffic | undefined;
    let stopping: Promise<void> | undefined;
    const shutdown = () => {
      stopping ??= (async () => {
        await traffic?.stop();
        await server?.shutdown();
        // Predictions still queued go out before the process ends (bounded by the forwarder's grace).
        await instrumentation.close();
      })();
      return stopping;
    };
    try {
      server = Deno.serve({
        hostname,
        port,
        // Replaces Deno's default "Listening on" line; callers print their own.
        onListen({ port: bound }) {
          if (options.traffic !== undefined) traffic = startTraffic(app.fetch, options.traffic);
          resolve({
            url: `http://${host}:${bound}`,
            hostname,
            port: bound,
            modelVersion: model.version,
            faults,
            shutdown,
          });
        },
      }, app.fetch);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      reject(new Error(`Cannot listen on "${hostname}:${port}": ${reason}`, { cause: error }));
    }
  });
}

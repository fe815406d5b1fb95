/**
 * Instrumentation for Deno/Hono model services: `instrument()` exports RED metrics and forwards a sample
 * of predictions to Vigil's ingest in the background; `recordPrediction()` hands a request's prediction
 * to it.
 *
 * @module
 */
export * from "./forwarder.ts";
export * from "./middleware.ts";

/**
 * Simulated users of the demo model: requests drawn from the training corpus with the channel mix and
 * punctuation habits of real traffic, so that with no fault the live feature distributions match the
 * reference (built from the same corpus, `reference.ts`) and drift shows only when something breaks.
 * Optionally they also send the true label back to Vigil (`POST /v1/feedback`) a little later, as
 * labelling would, so accuracy is visible too.
 *
 * @module
 */
import { CORPUS, type Sentiment } from "./corpus.ts";
import { CHANNELS } from "./features.ts";

/** One simulated request, with the label the corpus gives its text. */
export interface DemoRequest {
  text: string;
  channel: string;
  label: Sentiment;
}

// Shares of web, mobile and api traffic.
const CHANNEL_MIX = [0.6, 0.3, 0.1];

/**
 * Draws simulated requests.
 *
 * @param random a uniform source in [0, 1)
 * @returns a function that draws the next request
 * @example
 * ```ts
 * import { trafficSource } from "./traffic.ts";
 * import assert from "node:assert/strict";
 * let i = 0;
 * const next = trafficSource(() => (i++ % 10) / 10);
 * const request = next();
 * assert.ok(request.text.length > 0);
 * assert.equal(request.channel, "web");
 * ```
 */
export function trafficSource(random: () => number): () => DemoRequest {
  return () => {
    const example = CORPUS[Math.floor(random() * CORPUS.length)]!;
    const u = random();
    const channel = u < CHANNEL_MIX[0]!
      ? CHANNELS[0]!
      : u < CHANNEL_MIX[0]! + CHANNEL_MIX[1]!
      ? CHANNELS[1]!
      : CHANNELS[2]!;
    const shout = random();
    const text = shout < 0.05 ? `${example.text}!!` : shout < 0.2 ? `${example.text}!` : example.text;
    return { text, channel, label: example.label };
  };
}

/** Options of {@linkcode startTraffic}. */
export interface TrafficOptions {
  /** Requests per second. */
  rps: number;
  /** Random source (default Math.random). */
  random?: () => number;
  /** Vigil's base URL: when given, the true label of `labelShare` of the requests is sent there. */
  feedbackUrl?: string;
  /** Bearer token for the feedback. */
  token?: string;
  /** Share of requests whose label is sent (default 0.2). */
  labelShare?: number;
  /** How long after the prediction its label is sent, ms (default 5000: after forwarding has caught up). */
  labelDelayMs?: number;
}

/** Running simulated traffic. */
export interface Traffic {
  /** Requests sent so far. */
  readonly sent: number;
  stop(): Promise<void>;
}

/**
 * Sends simulated requests to the demo app (in process, through its middleware) at a steady rate.
 *
 * @param fetcher the app's fetch (e.g. `app.fetch`)
 * @param options rate, random source, feedback target
 * @returns the running traffic
 */
export function startTraffic(
  fetcher: (request: Request) => Response | Promise<Response>,
  options: TrafficOptions,
): Traffic {
  const next = trafficSource(options.random ?? Math.random);
  const random = options.random ?? Math.random;
  const labelShare = options.labelShare ?? 0.2;
  const labelDelayMs = options.labelDelayMs ?? 5_000;
  const labels: { requestId: string; label: string; due: number }[] = [];
  const inflight = new Set<Promise<unknown>>();
  let sent = 0;
  const track = (promise: Promise<unknown>) => {
    const settled = promise.catch(() => {}).finally(() => inflight.delete(settled));
    inflight.add(settled);
  };
  const send = async () => {
    const request = next();
    const requestId = crypto.randomUUID();
    const response = await fetcher(
      new Request("http://demo.internal/predict", {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": requestId },
        body: JSON.stringify({ text: request.text, channel: request.channel }),
      }),
    );
    await response.body?.cancel();
    if (response.ok && options.feedbackUrl !== undefined && random() < labelShare && labels.length < 10_000) {
      labels.push({ requestId, label: request.label, due: Date.now() + labelDelayMs });
    }
  };
  const sendLabels = () => {
    const now = Date.now();
    while (labels.length > 0 && labels[0]!.due <= now) {
      const { requestId, label } = labels.shift()!;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      track(
        fetch(`${options.feedbackUrl!.replace(/\/+$/, "")}/v1/feedback`, {
          method: "POST",
          headers,
          body: JSON.stringify({ request_id: requestId, label }),
          signal: AbortSignal.timeout(5_000),
        }).then((response) => response.body?.cancel()),
      );
    }
  };
  // Ticks of 100 ms carry a fractional budget, so any rate is held on average.
  let budget = 0;
  const timer = setInterval(() => {
    budget += options.rps / 10;
    while (budget >= 1) {
      budget -= 1;
      sent++;
      track(send());
    }
    if (options.feedbackUrl !== undefined) sendLabels();
  }, 100);
  return {
    get sent() {
      return sent;
    },
    async stop() {
      clearInterval(timer);
      await Promise.all(inflight);
    },
  };
}

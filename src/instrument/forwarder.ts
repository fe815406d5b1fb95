/**
 * Background forwarding of sampled predictions to Vigil's ingest (`POST /v1/predictions`): a bounded
 * queue, batches, retries with exponential backoff and jitter, and every dropped prediction counted. It
 * never blocks or fails the model's own request: `offer` is synchronous and O(1), and all network work
 * happens later, on timers.
 *
 * @module
 */

/** A prediction as Vigil's ingest takes it (the wire format of `POST /v1/predictions`). */
export interface ForwardedPrediction {
  model: string;
  model_version?: string;
  request_id?: string;
  /** Epoch ms or ISO 8601. */
  timestamp?: number | string;
  features: Record<string, number | string | boolean | null>;
  prediction: { label?: string; value?: number; confidence?: number; probabilities?: Record<string, number> };
  segment?: string;
}

/** Why forwarded predictions left the queue. */
export type ForwardResult = "sent" | "dropped_queue_full" | "dropped_rejected" | "dropped_retries";

/** Options of {@linkcode PredictionForwarder}. */
export interface ForwarderOptions {
  /** Vigil's base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Bearer token, when Vigil's `server.token` is set. */
  token?: string;
  /** Share of predictions forwarded, from 0 to 1 (default 1). */
  sampleRate?: number;
  /** Predictions per request (default 500). */
  batchSize?: number;
  /** Longest a prediction waits for a batch to fill, ms (default 1000). */
  flushIntervalMs?: number;
  /** Most predictions waiting; more are dropped and counted (default 10 000). */
  maxQueue?: number;
  /** Retries of a failed batch before it is dropped (default 5). */
  maxRetries?: number;
  /** First backoff, doubled per retry up to `maxBackoffMs`, ms (default 250). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per-request timeout, ms (default 10 000). */
  timeoutMs?: number;
  /** The fetch to send with (default globalThis.fetch); tests pass an app's `request`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Random source for sampling and jitter (default Math.random). */
  random?: () => number;
  /** Called with each outcome and how many predictions it concerned (for metrics). */
  onResult?: (result: ForwardResult, count: number) => void;
  /** Called with the queue length after it changes (for a gauge). */
  onQueue?: (length: number) => void;
}

/** Counts of a forwarder since it started. */
export interface ForwarderCounts {
  offered: number;
  sampled: number;
  sent: number;
  droppedQueueFull: number;
  droppedRejected: number;
  droppedRetries: number;
}

/**
 * Forwards predictions to Vigil in the background.
 *
 * @example
 * ```ts
 * import { PredictionForwarder } from "./forwarder.ts";
 * import assert from "node:assert/strict";
 * const bodies: unknown[] = [];
 * const forwarder = new PredictionForwarder({
 *   url: "http://vigil.invalid",
 *   fetch: (_url, init) => {
 *     bodies.push(JSON.parse(String(init.body)));
 *     return Promise.resolve(new Response("{}", { status: 200 }));
 *   },
 * });
 * forwarder.offer({ model: "m", features: { x: 1 }, prediction: { label: "a" } });
 * await forwarder.close();
 * assert.equal(forwarder.counts.sent, 1);
 * assert.equal(bodies.length, 1);
 * ```
 */
export class PredictionForwarder {
  /** What happened to the predictions offered so far. */
  readonly counts: ForwarderCounts = {
    offered: 0,
    sampled: 0,
    sent: 0,
    droppedQueueFull: 0,
    droppedRejected: 0,
    droppedRetries: 0,
  };
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #sampleRate: number;
  readonly #batchSize: number;
  readonly #flushIntervalMs: number;
  readonly #maxQueue: number;
  readonly #maxRetries: number;
  readonly #backoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #timeoutMs: number;
  readonly #fetch: (input: string, init: RequestInit) => Promise<Response>;
  readonly #random: () => number;
  readonly #onResult: (result: ForwardResult, count: number) => void;
  readonly #onQueue: (length: number) => void;
  #queue: ForwardedPrediction[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sending: Promise<void> | undefined;
  #closed = false;
  /** Set once close() has waited long enough: batches in backoff are dropped instead of retried. */
  #givenUp = false;
  #wake: (() => void) | undefined;

  /**
   * Creates a forwarder; nothing is sent until predictions are offered.
   *
   * @param options where to send, sampling, batching, retries
   */
  constructor(options: ForwarderOptions) {
    const sampleRate = options.sampleRate ?? 1;
    if (!(sampleRate >= 0 && sampleRate <= 1)) {
      throw new RangeError(`Invalid sampleRate "${sampleRate}": expected a number from 0 to 1`);
    }
    this.#url = `${options.url.replace(/\/+$/, "")}/v1/predictions`;
    this.#headers = { "content-type": "application/json" };
    if (options.token) this.#headers.authorization = `Bearer ${options.token}`;
    this.#sampleRate = sampleRate;
    this.#batchSize = options.batchSize ?? 500;
    this.#flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.#maxQueue = options.maxQueue ?? 10_000;
    this.#maxRetries = options.maxRetries ?? 5;
    this.#backoffMs = options.backoffMs ?? 250;
    this.#maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#random = options.random ?? Math.random;
    this.#onResult = options.onResult ?? (() => {});
    this.#onQueue = options.onQueue ?? (() => {});
  }

  /** Predictions waiting to be sent. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Offers a prediction: sampled, then queued for the next batch. Never blocks and never throws for a
   * full queue (the prediction is dropped and counted).
   *
   * @param prediction the prediction in ingest format
   * @returns whether it was queued
   */
  offer(prediction: ForwardedPrediction): boolean {
    this.counts.offered++;
    if (
      this.#closed || this.#sampleRate === 0 || (this.#sampleRate < 1 && this.#random() >= this.#sampleRate)
    ) {
      return false;
    }
    this.counts.sampled++;
    if (this.#queue.length >= this.#maxQueue) {
      this.counts.droppedQueueFull++;
      this.#onResult("dropped_queue_full", 1);
      return false;
    }
    this.#queue.push(prediction);
    this.#onQueue(this.#queue.length);
    if (this.#queue.length >= this.#batchSize) this.#kick();
    else this.#timer ??= setTimeout(() => this.#kick(), this.#flushIntervalMs);
    return true;
  }

  /**
   * Sends everything queued now, waiting for it (retries included).
   *
   * @returns once the queue is empty
   */
  async flush(): Promise<void> {
    while (this.#queue.length > 0 || this.#sending !== undefined) {
      this.#kick();
      await this.#sending;
    }
  }

  /**
   * Stops accepting predictions and sends what is queued, giving up after `graceMs`.
   *
   * @param graceMs the longest wait (default 5000)
   * @returns once flushed or given up
   */
  async close(graceMs = 5_000): Promise<void> {
    this.#closed = true;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.flush(),
      new Promise<void>((resolve) => timeout = setTimeout(resolve, graceMs)),
    ]);
    clearTimeout(timeout);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#givenUp = true;
    this.#wake?.();
    await this.#sending;
    // What could not be sent in time is dropped, and says so.
    if (this.#queue.length > 0) {
      this.counts.droppedRetries += this.#queue.length;
      this.#onResult("dropped_retries", this.#queue.length);
      this.#queue = [];
      this.#onQueue(0);
    }
  }

  #kick(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#sending !== undefined) return;
    this.#sending = this.#drain().finally(() => {
      this.#sending = undefined;
      // Predictions that arrived while sending wait for the next flush tick, not for a new offer.
      if (this.#queue.length > 0 && !this.#closed) {
        this.#timer ??= setTimeout(
          () => this.#kick(),
          this.#queue.length >= this.#batchSize ? 0 : this.#flushIntervalMs,
        );
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#givenUp) {
      const batch = this.#queue.splice(0, this.#batchSize);
      this.#onQueue(this.#queue.length);
      await this.#send(batch);
      if (this.#queue.length < this.#batchSize && !this.#closed) return;
    }
  }

  async #send(batch: ForwardedPrediction[]): Promise<void> {
    const body = JSON.stringify(batch);
    for (let attempt = 0;; attempt++) {
      let status = 0;
      try {
        const response = await this.#fetch(this.#url, {
          method: "POST",
          headers: this.#headers,
          body,
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
        status = response.status;
        await response.body?.cancel();
      } catch {
        status = 0;
      }
      if (status >= 200 && status < 300) {
        this.counts.sent += batch.length;
        this.#onResult("sent", batch.length);
        return;
      }
      // A 4xx other than timeout or throttling will not succeed on retry: the batch itself is refused.
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        this.counts.droppedRejected += batch.length;
        this.#onResult("dropped_rejected", batch.length);
        return;
      }
      if (attempt >= this.#maxRetries || this.#givenUp) {
        this.counts.droppedRetries += batch.length;
        this.#onResult("dropped_retries", batch.length);
        return;
      }
      const backoff = Math.min(this.#maxBackoffMs, this.#backoffMs * 2 ** attempt);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff * (0.5 + this.#random() / 2));
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
      if (this.#givenUp) {
        this.counts.droppedRetries += batch.length;
        this.#onResult("dropped_retries", batch.length);
        return;
      }
    }
  }
}

/**
 * The validated shape of one prediction as the drift engine handles it, between the wire format
 * (ingest.ts) and the store.
 *
 * @module
 */

/** A feature value: a finite number, a category, or null when missing. */
export type FeatureValue = number | string | null;

/** What the model answered. */
export interface PredictionOutput {
  /** The predicted class (classification). */
  label?: string;
  /** The predicted value (regression). */
  value?: number;
  /** The model's confidence in `label`, in [0, 1]; from `probabilities` when only they are given. */
  confidence?: number;
  /** Probability per class, each in [0, 1]. */
  probabilities?: Record<string, number>;
}

/** One prediction, validated against its model's declaration. */
export interface PredictionRecord {
  model: string;
  modelVersion: string | null;
  /** The caller's id, which a later `POST /v1/feedback` names to attach the ground truth. */
  requestId: string | null;
  /** When the prediction was made, epoch ms (the receive time when the caller gave none). */
  time: number;
  /** Every declared feature; a missing one is null. */
  features: Record<string, FeatureValue>;
  prediction: PredictionOutput;
  /** A slice of traffic (a customer tier, a region) for accuracy per segment, or null. */
  segment: string | null;
}

import assert from "assert";
import { CORPUS } from "../../src/demo/corpus.ts";
import { DEMO_FEATURE_TYPES, demoFeatures } from "../../src/demo/features.ts";
import { predictDrifted } from "../../src/demo/drift.ts";
import { demoModel } from "../../src/demo/model.ts";
import { demoReferenceRows } from "../../src/demo/reference.ts";
import { tokenize } from "../../src/demo/tokenize.ts";
import { trafficSource } from "../../src/demo/traffic.ts";
import { parseConfig } from "../../src/config/load.ts";
import { seededRandom } from "../../src/stats/random.ts";

Deno.test("demoFeatures() describes the text, the tokens scored and the channel", () => {
  const text = "Terrible, it broke!! Not good";
  const features = demoFeatures(text, tokenize(text), "mobile");
  assert.deepEqual(features, {
    text_length: text.length,
    word_count: 5,
    // "it" is a stop word; "not" governs "good".
    token_count: 4,
    token_chars: "terrible".length + "broke".length + "not".length + "not_good".length,
    positive_share: 0,
    negative_share: 2 / 4,
    exclamation_count: 2,
    channel: "mobile",
  });
});

Deno.test("in drift mode the scored-token features shrink while the text features stay put", () => {
  const random = seededRandom(4);
  let healthy = 0;
  let drifted = 0;
  for (const { text } of CORPUS) {
    let scored: readonly string[] = [];
    predictDrifted(demoModel(), text, { random, onTokens: (tokens) => scored = tokens });
    const before = demoFeatures(text, tokenize(text), "web");
    const after = demoFeatures(text, scored, "web");
    assert.equal(after.text_length, before.text_length);
    assert.equal(after.positive_share, before.positive_share);
    healthy += before.token_count;
    drifted += after.token_count;
  }
  assert.ok(drifted / healthy > 0.6 && drifted / healthy < 0.8, `${drifted} of ${healthy}`);
});

Deno.test("the example config declares exactly the demo's features", async () => {
  const text = await Deno.readTextFile(new URL("../../vigil.example.yaml", import.meta.url));
  const config = parseConfig(text, { source: "vigil.example.yaml", env: {} });
  const declared = Object.fromEntries(config.models.sentiment!.features.map((f) => [f.name, f.type]));
  assert.deepEqual(declared, DEMO_FEATURE_TYPES);
});

Deno.test("simulated traffic draws the corpus with the channel mix; the reference uses the same mix", () => {
  const next = trafficSource(seededRandom(8));
  const channels: Record<string, number> = {};
  for (let i = 0; i < 10_000; i++) {
    const request = next();
    channels[request.channel] = (channels[request.channel] ?? 0) + 1;
  }
  assert.ok(Math.abs(channels.web! / 10_000 - 0.6) < 0.02, JSON.stringify(channels));
  assert.ok(Math.abs(channels.api! / 10_000 - 0.1) < 0.02, JSON.stringify(channels));
  const rows = demoReferenceRows(2000);
  assert.equal(rows.length, 2000);
  assert.deepEqual(
    Object.keys(rows[0]!).sort(),
    [...Object.keys(DEMO_FEATURE_TYPES), "confidence", "prediction"].sort(),
  );
  assert.deepEqual(demoReferenceRows(5), demoReferenceRows(5), "seeded: the same reference every start");
});

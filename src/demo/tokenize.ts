/**
 * Word tokenizer for the demo sentiment model, with simple negation marking.
 *
 * @module
 */

/** Options for {@linkcode tokenize}. */
export interface TokenizeOptions {
  /**
   * How many words after a negation get the `not_` prefix (stop words do not count); punctuation and
   * "but" end the scope sooner. 3 unless given.
   */
  negationScope?: number;
}

const NEGATIONS = new Set([
  "not",
  "no",
  "never",
  "cannot",
  "nothing",
  "nobody",
  "none",
  "neither",
  "nor",
  "without",
  // Apostrophes are often left out in reviews typed on phones.
  "dont",
  "doesnt",
  "didnt",
  "isnt",
  "wasnt",
  "arent",
  "werent",
  "cant",
  "wont",
  "couldnt",
  "wouldnt",
  "shouldnt",
  "havent",
  "hasnt",
]);

// Function words occur in both classes alike; on a corpus this small their counts are noise that
// outvotes the few words carrying sentiment. Negations are deliberately absent.
const STOP_WORDS = new Set(
  ("a an the and or of to in on at for with it its it's this that these those is are was were be been am " +
    "i i'm my me we our us you your they them their he she his her has have had do does did so as by from " +
    "than then there here just very really too also all any some which what when who how much more most " +
    "after before about up out over into").split(" "),
);

// A contrast word starts a new clause whose polarity the negation no longer governs.
const SCOPE_BREAKERS = new Set(["but", "however", "although", "though", "yet", "except"]);

const TOKEN = /[a-z0-9]+(?:'[a-z]+)*|[.,!?;:()]/g;

function isNegation(word: string): boolean {
  return NEGATIONS.has(word) || word.endsWith("n't");
}

/**
 * Splits text into lowercase word tokens, prefixing the words a negation governs with `not_`.
 *
 * "not good" and "good" carry opposite sentiment, so a bag of words must tell them apart; marking the
 * next few words (the approach of Das and Chen, 2001) does that without a parser.
 *
 * @param text the raw text
 * @param options the negation scope
 * @returns the tokens in order, punctuation and stop words removed
 * @example
 * ```ts
 * import { tokenize } from "./tokenize.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(tokenize("Not the good one, but CHEAP!"), ["not", "not_good", "not_one", "but", "cheap"]);
 * ```
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const scope = options.negationScope ?? 3;
  const normalized = text.toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'");
  const tokens: string[] = [];
  let negatedLeft = 0;
  for (const [match] of normalized.matchAll(TOKEN)) {
    if (!/^[a-z0-9]/.test(match)) {
      negatedLeft = 0;
      continue;
    }
    if (isNegation(match)) {
      tokens.push(match);
      negatedLeft = scope;
      continue;
    }
    if (SCOPE_BREAKERS.has(match)) negatedLeft = 0;
    if (STOP_WORDS.has(match)) continue;
    if (negatedLeft > 0) {
      tokens.push(`not_${match}`);
      negatedLeft -= 1;
    } else {
      tokens.push(match);
    }
  }
  return tokens;
}

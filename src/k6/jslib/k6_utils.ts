/**
 * The functions of jslib.k6.io's `k6-utils` that scripts import most, served locally: scripts that
 * import `https://jslib.k6.io/k6-utils/<version>/index.js` run offline unchanged.
 *
 * @module
 */

/**
 * A random integer in [min, max], inclusive.
 *
 * @param min lower bound
 * @param max upper bound
 * @returns the integer
 */
export function randomIntBetween(min: number, max: number): number {
  return Math.floor(Math.random() * (max - min + 1) + min);
}

/**
 * A random element of an array.
 *
 * @param items the array
 * @returns one element
 */
export function randomItem<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

/**
 * A random string of `length` characters from `charset`.
 *
 * @param length how many characters
 * @param charset the alphabet (default a–z, 0–9)
 * @returns the string
 */
export function randomString(length: number, charset = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
  let text = "";
  for (let i = 0; i < length; i++) text += charset[Math.floor(Math.random() * charset.length)];
  return text;
}

/**
 * A random version-4 UUID.
 *
 * @returns the UUID
 */
export function uuidv4(): string {
  return crypto.randomUUID();
}

/**
 * The text between `left` and `right` in `content` (the first match, or all with `repeat`).
 *
 * @param content the text to search
 * @param left what comes before
 * @param right what comes after
 * @param repeat return every match
 * @returns the match, or every match
 */
export function findBetween(content: string, left: string, right: string, repeat = false): string | string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const start = content.indexOf(left, from);
    if (start < 0) break;
    const end = content.indexOf(right, start + left.length);
    if (end < 0) break;
    found.push(content.slice(start + left.length, end));
    if (!repeat) return found[0]!;
    from = end + right.length;
  }
  return repeat ? found : "";
}

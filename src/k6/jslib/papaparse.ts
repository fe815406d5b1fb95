/**
 * jslib.k6.io's `papaparse` (the CSV parser k6's docs pair with SharedArray), served locally from the npm
 * package it is built from: `import papaparse from "https://jslib.k6.io/papaparse/5.1.1/index.js"` runs
 * offline unchanged. Loaded only by scripts that import it.
 *
 * @module
 */
import papaparse from "papaparse";

export default papaparse;

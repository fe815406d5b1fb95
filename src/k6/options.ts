/**
 * `k6/options` holds only types in k6 (`Options`); scripts import it for typing. It exists here so an
 * import that survives type stripping still resolves. Nothing is exported at run time.
 *
 * @module
 */
export {};

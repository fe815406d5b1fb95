/**
 * Runs the script transform in a Worker. The TypeScript compiler is large: merely loading it into the
 * isolate that runs the VUs made every young-generation GC promote the iterations' short-lived objects
 * and cost the raw HTTP client 5–7% of its requests/s (measured). Here it lives and dies with the worker.
 *
 * Import specifiers come back as a list, with numbered placeholders in the code: the loader resolves
 * them on its side, where its module map and error messages are.
 *
 * @module
 */
import { ScriptError, transformScript } from "./transform.ts";
import { importPlaceholder, type TransformReply, type TransformRequest } from "./transform_protocol.ts";

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<TransformRequest>) => void) | null;
  postMessage(reply: TransformReply): void;
};

scope.onmessage = ({ data }) => {
  const specifiers: string[] = [];
  try {
    const { code, asyncNames } = transformScript(data.source, {
      fileName: data.fileName,
      vuGlobals: data.vuGlobals,
      entry: data.entry,
      ...(data.localAsync === undefined ? {} : { localAsync: data.localAsync }),
      resolveImport: (specifier) => importPlaceholder(specifiers.push(specifier) - 1),
    });
    scope.postMessage({ id: data.id, code, specifiers, asyncNames });
  } catch (error) {
    scope.postMessage({
      id: data.id,
      error: error instanceof Error ? error.message : String(error),
      scriptError: error instanceof ScriptError,
    });
  }
};

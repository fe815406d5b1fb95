/**
 * Loads a k6 script: transforms it and every local module it imports (see transform.ts), and gives each
 * VU its own copy in a private folder — k6 gives each VU its own module state. The k6 modules themselves
 * are shared (see load/context.ts); a VU's `__VU` and `__ITER` come from its own instance of
 * `k6/vu_globals.ts?run=R&vu=N`.
 *
 * @module
 */
import { dirname, fromFileUrl, resolve, toFileUrl } from "./paths.ts";
import { ScriptError } from "./script_error.ts";
import { importPlaceholder, type TransformReply, type TransformRequest } from "./transform_protocol.ts";

/** The k6 modules Vigil implements, by the specifier scripts import. */
const K6_MODULES: Record<string, string> = {
  "k6": "../../k6/mod.ts",
  "k6/http": "../../k6/http.ts",
  "k6/metrics": "../../k6/metrics.ts",
  "k6/execution": "../../k6/execution.ts",
  "k6/encoding": "../../k6/encoding.ts",
  "k6/data": "../../k6/data.ts",
  "k6/html": "../../k6/html.ts",
  "k6/crypto": "../../k6/crypto.ts",
  // Types only in k6; an import of it that TypeScript keeps must still resolve.
  "k6/options": "../../k6/options.ts",
};

/** A call of a Response method that parses the page: `.html(`, `.submitForm(`, `["clickLink"]`, … */
const USES_HTML = /\.(?:html|submitForm|clickLink)\(|\[\s*["'`](?:html|submitForm|clickLink)["'`]\s*\]/;
/** k6/html, which registers the parser `Response.html()` uses when it is imported. */
const HTML_MODULE = new URL("../../k6/html.ts", import.meta.url).href;

/** The per-VU `__VU` and `__ITER`. */
const VU_GLOBALS = "../../k6/vu_globals.ts";
/** Stands for the VU number in emitted import URLs until a VU's copy is written. */
const VU_MARK = "__vigil_vu__";

/** jslib.k6.io libraries served locally, by URL prefix. */
const JSLIB: [RegExp, string][] = [
  [/^https:\/\/jslib\.k6\.io\/k6-utils\/[^/]+\/index\.js$/, "../../k6/jslib/k6_utils.ts"],
  [/^https:\/\/jslib\.k6\.io\/k6-summary\/[^/]+\/index\.js$/, "../../k6/jslib/k6_summary.ts"],
  [/^https:\/\/jslib\.k6\.io\/papaparse\/[^/]+\/index\.js$/, "../../k6/jslib/papaparse.ts"],
];

/** What a script module exports (k6's lifecycle functions and options). */
export interface ScriptModule {
  options?: unknown;
  default?: unknown;
  setup?: unknown;
  teardown?: unknown;
  handleSummary?: unknown;
  readonly [exported: string]: unknown;
}

/** One VU's instance of a script. */
export interface VuInstance {
  /** The script's exports. */
  module: ScriptModule;
  /** Sets the VU's `__ITER`. */
  setIteration(iteration: number): void;
  /** Sets the VU's `__ENV` once its init code has run (a scenario's `env` applies to its iterations). */
  setEnv(env: Record<string, string>): void;
  /** Timers the VU's code left pending (k6's timers are per VU; see k6/vu_globals.ts). */
  pendingTimers(): number;
  /** Resolves once none is pending. */
  timersSettled(): Promise<void>;
  /** Whether the current iteration started any. */
  timersUsed(): boolean;
  /** Cancels them (the iteration was interrupted). */
  clearTimers(): void;
  /** Cancels them and those of its init code (the VU closes with its run). */
  closeTimers(): void;
}

/** A loaded script, ready to instantiate per VU. */
export interface LoadedScript {
  /** Absolute path of the script as given. */
  path: string;
  /**
   * Imports a fresh instance of the script for VU `vuId` (its init code runs again, as for every k6 VU);
   * VU 0 is the init context that reads the options and runs `setup()` and `teardown()`.
   */
  /**
   * A VU's own copy of the script, its init code run. `copy` names a further copy for the same VU
   * number (teardown() gets one of its own, as VU 0, beside setup()'s).
   */
  instantiate(vuId: number, copy?: string): Promise<VuInstance>;
  /** Deletes the transformed files. */
  cleanup(): Promise<void>;
}

/**
 * Transforms a script and its local imports into a private folder.
 *
 * @param scriptPath the script (JavaScript or TypeScript)
 * @returns the loaded script
 */
export async function loadScript(scriptPath: string): Promise<LoadedScript> {
  const path = resolve(scriptPath);
  const workDir = await Deno.makeTempDir({ prefix: "vigil-script-" });
  const emitted = new Map<string, string>(); // source path → emitted file name
  const outputs = new Map<string, string>(); // emitted file name → code, with VU_MARK for the VU number
  let counter = 0;
  // Module URLs are cached for the life of the process: the run's own token keeps two runs' VU 3 apart.
  const run = crypto.randomUUID().slice(0, 8);
  const transformer = new TransformWorker();
  const perVu = (file: string) => `${new URL(file, import.meta.url).href}?run=${run}&vu=${VU_MARK}`;

  /** What an import specifier of `sourcePath` names: a URL to import as is, or a local file to emit. */
  const classify = (specifier: string, sourcePath: string): { url: string } | { local: string } => {
    // k6/timers: the VU's own timers, which live beside its other per-VU globals.
    if (specifier === "k6/timers") return { url: perVu(VU_GLOBALS) };
    const k6 = K6_MODULES[specifier];
    if (k6 !== undefined) return { url: new URL(k6, import.meta.url).href };
    if (specifier.startsWith("k6/") || specifier === "k6") {
      throw new ScriptError(
        `${sourcePath}: module "${specifier}" is not supported by Vigil (supported: ${
          Object.keys(K6_MODULES).join(", ")
        })`,
      );
    }
    for (const [pattern, file] of JSLIB) {
      if (pattern.test(specifier)) return { url: new URL(file, import.meta.url).href };
    }
    if (/^https?:\/\//.test(specifier)) {
      throw new ScriptError(
        `${sourcePath}: remote module "${specifier}" cannot be fetched offline: vendor it next to the script and import it by relative path`,
      );
    }
    if (
      specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/") ||
      specifier.startsWith("file:")
    ) {
      return {
        local: specifier.startsWith("file:")
          ? fromFileUrl(specifier)
          : resolve(dirname(sourcePath), specifier),
      };
    }
    throw new ScriptError(
      `${sourcePath}: cannot import "${specifier}": only k6 modules and relative files are supported`,
    );
  };

  // First pass: the module graph (the transform names each module's imports).
  const modules = new Map<string, { source: string; locals: Map<string, string> }>();
  const discover = async (sourcePath: string): Promise<void> => {
    if (modules.has(sourcePath)) return;
    let source: string;
    try {
      source = await Deno.readTextFile(sourcePath);
    } catch (error) {
      throw new ScriptError(
        `Cannot read script "${sourcePath}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const locals = new Map<string, string>(); // specifier as written → file
    modules.set(sourcePath, { source, locals });
    const { specifiers } = await transformer.transform(
      source,
      sourcePath,
      perVu(VU_GLOBALS),
      sourcePath === path,
    );
    for (const specifier of specifiers) {
      const target = classify(specifier, sourcePath);
      if ("local" in target) locals.set(specifier, target.local);
    }
    await Promise.all([...locals.values()].map(discover));
  };

  // Second pass, imported modules first: each transform knows which imported names are async, so a
  // helper that returns a boolean is not awaited (a check handed a promise would always pass). In an
  // import cycle, the module reached again is assumed async throughout.
  const asyncByFile = new Map<string, string[]>();
  const emit = async (sourcePath: string): Promise<string> => {
    const known = emitted.get(sourcePath);
    if (known !== undefined) return known;
    const name = `m${counter++}.js`;
    emitted.set(sourcePath, name);
    const { source, locals } = modules.get(sourcePath)!;
    for (const file of locals.values()) await emit(file);
    const localAsync: Record<string, string[]> = {};
    for (const [specifier, file] of locals) {
      const names = asyncByFile.get(file);
      if (names !== undefined) localAsync[specifier] = names;
    }
    const { code, specifiers, asyncNames } = await transformer.transform(
      source,
      sourcePath,
      perVu(VU_GLOBALS),
      sourcePath === path,
      localAsync,
    );
    asyncByFile.set(sourcePath, asyncNames);
    let output = code;
    specifiers.forEach((specifier, i) => {
      const target = classify(specifier, sourcePath);
      const url = "url" in target ? target.url : `./${emitted.get(target.local)}`;
      output = output.replaceAll(`"${importPlaceholder(i)}"`, JSON.stringify(url));
    });
    outputs.set(name, output);
    return name;
  };

  try {
    await discover(path);
    // Response.html() is synchronous, so its parser must be loaded before any VU runs; only scripts
    // that call it, or submitForm() and clickLink() which parse the page too, pay for loading it
    // (importing k6/html loads it too).
    if ([...modules.values()].some(({ source }) => USES_HTML.test(source))) {
      await import(HTML_MODULE);
    }
    const entry = await emit(path);
    return {
      path,
      async instantiate(vuId, copy) {
        // Each VU's copy lives in its own folder, so its local imports are its own instances too; a
        // further copy for the same VU number gets its own folder and its own per-VU globals module.
        const key = copy === undefined ? String(vuId) : `${vuId}&copy=${copy}`;
        const dir = `${workDir}/vu${vuId}${copy === undefined ? "" : `-${copy}`}`;
        await Deno.mkdir(dir);
        const mark = `&vu=${VU_MARK}"`;
        await Promise.all(
          [...outputs].map(([name, code]) =>
            Deno.writeTextFile(`${dir}/${name}`, code.replaceAll(mark, `&vu=${key}"`))
          ),
        );
        const module = await import(toFileUrl(`${dir}/${entry}`).href) as ScriptModule;
        // The VU's globals module provides every other member of VuInstance.
        const globals = await import(perVu(VU_GLOBALS).replace(VU_MARK, key)) as Omit<
          VuInstance,
          "module"
        >;
        return {
          module,
          setIteration: globals.setIteration,
          setEnv: globals.setEnv,
          pendingTimers: globals.pendingTimers,
          timersSettled: globals.timersSettled,
          timersUsed: globals.timersUsed,
          clearTimers: globals.clearTimers,
          closeTimers: globals.closeTimers,
        };
      },
      cleanup: () => Deno.remove(workDir, { recursive: true }).catch(() => {}),
    };
  } catch (error) {
    await Deno.remove(workDir, { recursive: true }).catch(() => {});
    throw error;
  } finally {
    transformer.close();
  }
}

/** The transform worker of one load: started on first use, closed when every module is transformed. */
class TransformWorker {
  #worker: Worker | null = null;
  #next = 0;
  readonly #pending = new Map<number, (reply: TransformReply) => void>();

  /** Transforms one module off this thread; throws ScriptError as transformScript would. */
  async transform(
    source: string,
    fileName: string,
    vuGlobals: string,
    entry: boolean,
    localAsync?: Record<string, string[]>,
  ): Promise<{ code: string; specifiers: string[]; asyncNames: string[] }> {
    const id = this.#next++;
    const request: TransformRequest = {
      id,
      source,
      fileName,
      vuGlobals,
      entry,
      ...(localAsync === undefined ? {} : { localAsync }),
    };
    const reply = await new Promise<TransformReply>((resolve) => {
      this.#pending.set(id, resolve);
      this.#start().postMessage(request);
    });
    if ("error" in reply) throw reply.scriptError ? new ScriptError(reply.error) : new Error(reply.error);
    return reply;
  }

  /** Stops the worker (a live worker would keep the process running). */
  close(): void {
    this.#worker?.terminate();
    this.#worker = null;
    for (const resolve of this.#pending.values()) {
      resolve({ id: -1, error: "The script transform was stopped", scriptError: false });
    }
    this.#pending.clear();
  }

  #start(): Worker {
    if (this.#worker !== null) return this.#worker;
    const worker = new Worker(new URL("./transform_worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }: MessageEvent<TransformReply>) => {
      const resolve = this.#pending.get(data.id);
      this.#pending.delete(data.id);
      resolve?.(data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const message = `The script transform failed: ${event.message}`;
      for (const resolve of this.#pending.values()) resolve({ id: -1, error: message, scriptError: false });
      this.#pending.clear();
    };
    this.#worker = worker;
    return worker;
  }
}

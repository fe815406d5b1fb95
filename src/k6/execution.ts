/**
 * The `k6/execution` module: what the running VU, scenario, instance and test are.
 *
 * @module
 */
import { currentRun, currentVu, TestAborted } from "../load/context.ts";

export { TestAborted };

/** Exit code of a test stopped by `exec.test.abort()` (k6's ScriptAborted). */
export const EXIT_SCRIPT_ABORTED = 108;

function vu() {
  const current = currentVu();
  if (current === undefined) throw new Error("exec.vu is only available in VU code, not in the init context");
  return current;
}

const vuInfo = {
  get idInInstance(): number {
    return vu().id;
  },
  get idInTest(): number {
    return vu().id;
  },
  get iterationInInstance(): number {
    return vu().iterationInInstance;
  },
  get iterationInScenario(): number {
    return vu().iterationInScenario;
  },
  get tags(): Record<string, string> {
    const current = vu();
    // Writes go through, and the VU drops tag sets it cached from the old values.
    return new Proxy(current.tags, {
      set(target, key, value) {
        // k6 (tagsDynamicObject.Set) takes strings, numbers and booleans only.
        if (value === null || (typeof value === "object" || typeof value === "function")) {
          throw new TypeError(
            `Invalid value for tag "${String(key)}": only String, Boolean and Number types are accepted`,
          );
        }
        target[String(key)] = String(value);
        current.tagsChanged();
        return true;
      },
      deleteProperty(target, key) {
        delete target[String(key)];
        current.tagsChanged();
        return true;
      },
    });
  },
  get metrics() {
    return { tags: vu().tags, metadata: {} };
  },
};

/** The VU's scenario; setup() and teardown() have none, and k6 throws there. */
function scenario() {
  const current = vu().scenario;
  if (current === null) {
    throw new Error("getting scenario information outside of the VU context is not supported");
  }
  return current;
}

const scenarioInfo = {
  get name(): string {
    return scenario().name;
  },
  get executor(): string {
    return scenario().executor;
  },
  get startTime(): number {
    return scenario().startTime;
  },
  get progress(): number {
    return scenario().progress();
  },
  get iterationInInstance(): number {
    scenario();
    return vu().scenarioIteration;
  },
  get iterationInTest(): number {
    scenario();
    return vu().scenarioIteration;
  },
};

const instanceInfo = {
  get vusActive(): number {
    return currentRun().vusActive();
  },
  get vusInitialized(): number {
    return currentRun().vusInitialized();
  },
  get iterationsCompleted(): number {
    return currentRun().iterationsCompleted();
  },
  get iterationsInterrupted(): number {
    return currentRun().iterationsInterrupted();
  },
  get currentTestRunDuration(): number {
    const started = currentRun().startedAt;
    return started === 0 ? 0 : Date.now() - started;
  },
};

const testInfo = {
  /**
   * Stops the whole test now; the summary is still printed and the exit code is 108.
   *
   * @param reason why, shown in the output
   */
  abort(reason = "test aborted"): never {
    currentRun().abort(reason, EXIT_SCRIPT_ABORTED);
    throw new TestAborted(reason);
  },
  /**
   * Marks the test as failed without stopping it: it runs to its end and exits 110, unless it was aborted
   * or failed otherwise (k6's MarkedAsFailed).
   *
   * @param reason why, logged once
   */
  fail(reason = "test marked as failed"): void {
    currentRun().markFailed(String(reason));
  },
  get options(): Readonly<Record<string, unknown>> {
    return currentRun().options;
  },
};

/** The execution context, as `import exec from "k6/execution"` gives it. */
const exec = { vu: vuInfo, scenario: scenarioInfo, instance: instanceInfo, test: testInfo };
export default exec;
export { instanceInfo as instance, scenarioInfo as scenario, testInfo as test, vuInfo as vu };

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

const scenarioInfo = {
  get name(): string {
    return vu().scenario?.name ?? "";
  },
  get executor(): string {
    return vu().scenario?.executor ?? "";
  },
  get startTime(): number {
    return vu().scenario?.startTime ?? 0;
  },
  get progress(): number {
    return vu().scenario?.progress() ?? 0;
  },
  get iterationInInstance(): number {
    return vu().scenarioIteration;
  },
  get iterationInTest(): number {
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
  get options(): Readonly<Record<string, unknown>> {
    return currentRun().options;
  },
};

/** The execution context, as `import exec from "k6/execution"` gives it. */
const exec = { vu: vuInfo, scenario: scenarioInfo, instance: instanceInfo, test: testInfo };
export default exec;
export { instanceInfo as instance, scenarioInfo as scenario, testInfo as test, vuInfo as vu };

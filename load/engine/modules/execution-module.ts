/**
 * k6/execution: live views of the VU, its scenario, this instance and the test (abort, fail,
 * options). Scenario and VU details throw in the init context, as in k6.
 */
import type { VU } from '../runtime/vu.ts';
import { nowMs } from '../runtime/thread-services.ts';
import { TestAbortError } from './k6-core.ts';

/** Creates the k6/execution module instance of one VU. */
export function createExecutionModule(vu: VU) {
  const s = vu.services;
  const needScenario = (what: string) => {
    if (vu.inInit || !vu.scenario) throw new Error(`getting ${what} information outside of a scenario (init, setup, teardown) is not supported`);
    return vu.scenario;
  };
  const vuInfo = {
    get idInInstance() {
      return vu.idInInstance;
    },
    get idInTest() {
      return vu.idInTest;
    },
    get iterationInInstance() {
      needScenario('VU');
      return vu.iterationInInstance;
    },
    get iterationInScenario() {
      needScenario('VU');
      return vu.iterationInScenario;
    },
    get tags() {
      return vu.metricTags;
    },
    metrics: {
      get tags() {
        return vu.metricTags;
      },
      metadata: {} as Record<string, string>,
    },
  };
  const scenario = {
    get name() {
      return needScenario('scenario').name;
    },
    get executor() {
      return needScenario('scenario').executor;
    },
    get startTime() {
      return needScenario('scenario').startEpochMs;
    },
    get progress() {
      return needScenario('scenario').progress();
    },
    get iterationInInstance() {
      needScenario('scenario');
      return vu.scenarioIteration.inInstance;
    },
    get iterationInTest() {
      needScenario('scenario');
      return vu.scenarioIteration.inTest;
    },
  };
  const instance = {
    get iterationsInterrupted() {
      return s.counters.iterationsInterrupted;
    },
    get iterationsCompleted() {
      return s.counters.iterationsCompleted;
    },
    get vusActive() {
      return s.counters.vusActive;
    },
    get vusInitialized() {
      return s.counters.vusInitialized;
    },
    get currentTestRunDuration() {
      return nowMs() - s.testStartEpochMs;
    },
  };
  const test = {
    /** Stops the whole test now; exit code 108. */
    abort(reason?: string): never {
      const msg = reason ? `test aborted: ${reason}` : 'test aborted';
      s.abortTest(msg);
      throw new TestAbortError(msg);
    },
    /** Marks the test failed (exit 110) and keeps running. */
    fail(reason?: string): void {
      s.failTest(reason ? `test failed: ${reason}` : 'test failed');
    },
    get options() {
      return s.options;
    },
  };
  return { vu: vuInfo, scenario, instance, test };
}

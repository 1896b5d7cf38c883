/**
 * The `k6` module: check (with tags), group (awaits an async body, unlike k6's sync-only group),
 * fail, sleep (returns a Promise; `await sleep(s)` is valid on real k6 too) and randomSeed.
 */
import { seededPrng } from '../../../analysis/seeded-prng.ts';
import type { VU } from '../runtime/vu.ts';
import { nowMs } from '../runtime/thread-services.ts';

/** Thrown by exec.test.abort() to unwind the iteration; never logged as a script error. */
export class TestAbortError extends Error {
  override name = 'TestAbortError';
}

function isAsyncFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor?.name === 'AsyncFunction';
}

/** Creates the `k6` module instance of one VU. */
export function createK6Module(vu: VU) {
  // check tags per check name, shared while the VU's tags stay the same object.
  const checkTags = new Map<string, Record<string, string>>();
  let checkBase: Record<string, string> | undefined;
  const tagsFor = (base: Record<string, string>, name: string, custom: boolean) => {
    if (custom) return { ...base, check: name };
    if (base !== checkBase) {
      checkTags.clear();
      checkBase = base;
    }
    let t = checkTags.get(name);
    if (t === undefined) {
      t = { ...base, check: name };
      checkTags.set(name, t);
    }
    return t;
  };
  function check(value: unknown, sets: Record<string, unknown>, tags?: Record<string, string>): boolean {
    if (vu.inInit) throw new Error('using check in the init context is not supported');
    let all = true;
    const base = tags ? { ...vu.tags(), ...tags } : vu.tags();
    for (const name of Object.keys(sets ?? {})) {
      const cond = sets[name];
      if (isAsyncFunction(cond)) throw new Error(`check "${name}": async functions are not supported as check conditions`);
      let ok: boolean;
      let thrown: unknown;
      try {
        ok = Boolean(typeof cond === 'function' ? cond(value) : cond);
      } catch (err) {
        ok = false;
        thrown = err;
      }
      vu.emit('checks', ok ? 1 : 0, tagsFor(base, name, tags !== undefined));
      if (thrown !== undefined) throw thrown;
      if (!ok) all = false;
    }
    return all;
  }

  function group<T>(name: string, fn: () => T): T | Promise<Awaited<T>> {
    if (vu.inInit) throw new Error('using group in the init context is not supported');
    if (typeof name !== 'string' || name === '' || name.includes('::')) throw new Error(`group name "${String(name)}" is empty or contains "::"`);
    const outer = vu.groupPath;
    const path = `${outer}::${name}`;
    const start = nowMs();
    const finish = () => {
      const end = nowMs();
      vu.emit('group_duration', end - start, { ...vu.tags(), group: path }, end);
      vu.setGroup(outer);
    };
    vu.setGroup(path);
    let result: T;
    try {
      result = fn();
    } catch (err) {
      finish();
      throw err;
    }
    if (result instanceof Promise) {
      return result.then(
        (v: Awaited<T>) => {
          finish();
          return v;
        },
        (err: unknown) => {
          finish();
          throw err;
        },
      );
    }
    finish();
    return result;
  }

  return {
    check,
    group,
    /** Throws, ending the iteration with `msg` (k6 fail()). */
    fail(msg?: string): never {
      throw new Error(msg ?? '');
    },
    /** Resolves after `seconds`; counts as pending work of the iteration. */
    sleep(seconds: number): Promise<void> {
      return new Promise((resolve) => vu.pending.setTimeout(() => resolve(), Math.max(0, Number(seconds) * 1000)));
    },
    /** Makes Math.random deterministic for this thread (k6 does it per VU). */
    randomSeed(seed: number): void {
      Math.random = seededPrng(Number(seed));
    },
  };
}

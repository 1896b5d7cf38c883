/**
 * k6/data SharedArray: built once per thread in the init context, stored as JSON per element;
 * every read returns a fresh deep-frozen copy, as k6 does.
 */
import type { VU } from '../runtime/vu.ts';

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** Creates the k6/data module instance of one VU. */
export function createDataModule(vu: VU) {
  class SharedArray {
    /** `new SharedArray(name, fn)`: fn runs once per thread and must return an array. */
    constructor(name: string, fn: () => unknown[]) {
      if (!vu.inInit) throw new Error('new SharedArray must be called in the init context');
      if (typeof name !== 'string' || name === '') throw new Error('empty name provided to SharedArray\'s constructor');
      if (typeof fn !== 'function') throw new Error('a function is expected as the second argument of SharedArray\'s constructor');
      let items = vu.services.sharedArrays.get(name);
      if (!items) {
        const arr = fn();
        if (!Array.isArray(arr)) throw new Error('only arrays can be made into SharedArray');
        items = arr.map((x) => JSON.stringify(x) ?? 'null');
        vu.services.sharedArrays.set(name, items);
      }
      const store = items;
      const at = (i: number) => deepFreeze(JSON.parse(store[i]!) as unknown);
      const target = {
        get length() {
          return store.length;
        },
        *[Symbol.iterator]() {
          for (let i = 0; i < store.length; i++) yield at(i);
        },
        map: (f: (v: unknown, i: number) => unknown) => store.map((_, i) => f(at(i), i)),
        filter: (f: (v: unknown, i: number) => boolean) => store.map((_, i) => at(i)).filter((v, i) => f(v, i)),
        forEach: (f: (v: unknown, i: number) => void) => store.forEach((_, i) => f(at(i), i)),
      };
      return new Proxy(target, {
        get(t, prop, recv) {
          if (typeof prop === 'string' && /^\d+$/.test(prop)) {
            const i = Number(prop);
            return i < store.length ? at(i) : undefined;
          }
          return Reflect.get(t, prop, recv);
        },
        set() {
          throw new Error('SharedArray is read-only');
        },
      }) as unknown as SharedArray;
    }
  }
  return { SharedArray };
}

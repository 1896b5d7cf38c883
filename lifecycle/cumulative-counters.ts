/**
 * Keeps "so far" counters monotonic across statistics resets. pg_stat_user_tables counters
 * (n_tup_ins, …) restart from 0 when Postgres restarts after a crash (a drill's immediate stop),
 * so when a counter goes backwards the last value seen before the reset becomes a carried base.
 */
export class CumulativeCounters {
  private readonly state = new Map<string, { last: number; base: number }>();

  /** The carried value of counter `key` given its raw reading (null stays null). */
  carry(key: string, raw: number | null): number | null {
    if (raw === null || !Number.isFinite(raw)) return null;
    const s = this.state.get(key);
    if (!s) {
      this.state.set(key, { last: raw, base: 0 });
      return raw;
    }
    if (raw < s.last) s.base += s.last;
    s.last = raw;
    return s.base + raw;
  }
}

/** What every benchmark is given by bench-all. */
export interface BenchContext {
  /** Tiny sizes and durations: proves the harness works, measures nothing worth quoting. */
  quick: boolean;
  /** The full-length runs (e.g. 10 minutes of steady engine load instead of 2). */
  long: boolean;
  /** Repetitions per measurement; the doc quotes their median. */
  runs: number;
  /** Scratch folder for this benchmark (removed by bench-all afterwards). */
  workDir: string;
  /** Progress line to stderr: benches are long and a silent terminal looks hung. */
  log(line: string): void;
}

/** One benchmark's part of docs/benchmarks.md. */
export interface BenchSection {
  /** Markdown body under the benchmark's heading (tables, goals, notes). */
  markdown: string;
}

/** A benchmark: one file in bench/, selectable with `--only NAME`. */
export interface Benchmark {
  /** Short name for --only. */
  name: string;
  /** Heading in docs/benchmarks.md; it names the issue whose "Speed" section asks for the benchmark. */
  title: string;
  run(ctx: BenchContext): Promise<BenchSection>;
}

/**
 * Turns `--execution-segment` and `--execution-segment-sequence` (k6 spellings, §7.1) into the
 * instance's ExecutionTuple. Without a sequence k6 uses 0, from, to, 1.
 */
import { ExecutionTuple } from './execution-tuple.ts';
import { Rational } from './rational.ts';

function parseBoundary(text: string, flag: string): Rational {
  try {
    const r = Rational.parse(text);
    if (r.cmp(new Rational(1)) > 0) throw new Error('above 1');
    return r;
  } catch (err) {
    throw new Error(`${flag}: "${text}" is not a value between 0 and 1 (${(err as Error).message})`);
  }
}

/** Parses the two flags; throws one-line errors naming the flag. */
export function tupleFromFlags(segment: string | undefined, sequence: string | undefined): ExecutionTuple {
  let from = new Rational(0);
  let to = new Rational(1);
  if (segment !== undefined && segment.trim() !== '') {
    const parts = segment.split(':');
    if (parts.length > 2) throw new Error(`--execution-segment: "${segment}" must be "from:to" or a single "to"`);
    if (parts.length === 2) {
      from = parseBoundary(parts[0]!, '--execution-segment');
      to = parseBoundary(parts[1]!, '--execution-segment');
    } else {
      to = parseBoundary(parts[0]!, '--execution-segment');
    }
    if (from.cmp(to) >= 0) throw new Error(`--execution-segment: "${segment}" must have from < to`);
  }
  let bounds: Rational[];
  if (sequence !== undefined && sequence.trim() !== '') {
    bounds = sequence.split(',').map((b) => parseBoundary(b, '--execution-segment-sequence'));
    for (let i = 1; i < bounds.length; i++) {
      if (bounds[i - 1]!.cmp(bounds[i]!) >= 0) throw new Error(`--execution-segment-sequence: "${sequence}" must be strictly increasing`);
    }
    if (bounds[0]!.cmp(new Rational(0)) !== 0 || bounds[bounds.length - 1]!.cmp(new Rational(1)) !== 0) {
      throw new Error(`--execution-segment-sequence: "${sequence}" must start at 0 and end at 1`);
    }
  } else {
    bounds = [new Rational(0), from, to, new Rational(1)].filter((b, i, all) => i === 0 || b.cmp(all[i - 1]!) !== 0);
  }
  const index = bounds.findIndex((b, i) => i + 1 < bounds.length && b.cmp(from) === 0 && bounds[i + 1]!.cmp(to) === 0);
  if (index < 0) throw new Error(`--execution-segment: ${from}:${to} is not one of the segments of --execution-segment-sequence`);
  const lengths = bounds.slice(1).map((b, i) => b.sub(bounds[i]!));
  return new ExecutionTuple(lengths, index);
}

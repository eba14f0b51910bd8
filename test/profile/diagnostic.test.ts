/** How messages quote what the input holds: whole when short, cut when long (a value may be 500 kB). */
import { describe, expect, it } from 'vitest';
import { didYouMean, formatPath, MAX_QUOTED, quote } from '../../src/profile/diagnostic.js';

describe('diagnostic text', () => {
  it('quotes a value as JSON, cut to MAX_QUOTED characters with an ellipsis', () => {
    expect(quote('servce')).toBe('"servce"');
    expect(quote(12)).toBe('12');
    const long = quote('9'.repeat(556_000));
    expect(long).toHaveLength(MAX_QUOTED);
    expect(long).toBe(`"${'9'.repeat(MAX_QUOTED - 2)}…`);
  });

  it('writes a long key of a path quoted and cut, short ones as before', () => {
    expect(formatPath(['components', 'api', 'calls', 0])).toBe('components.api.calls[0]');
    expect(formatPath(['components', 'my api'])).toBe('components["my api"]');
    expect(formatPath(['components', 'b'.repeat(900)])).toBe(`components["${'b'.repeat(MAX_QUOTED - 2)}…]`);
  });

  it('suggests a name within three edits, and does not compare a huge value letter by letter', () => {
    expect(didYouMean('servce', ['service', 'worker'])).toBe('service');
    const started = performance.now();
    expect(didYouMean('s'.repeat(500_000), ['service', 'worker'])).toBeUndefined();
    // Compared letter by letter it would take seconds at least; 1 s leaves room for a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

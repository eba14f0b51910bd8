/** simulate's progress bar (carriage return, erase line) only on a terminal that takes control codes: never under TERM=dumb, as colour. */
import { describe, expect, it } from 'vitest';
import { colourLevel } from '../../src/cli/colors.js';
import { showsProgress } from '../../src/cli/commands/simulate.js';

describe('simulate progress', () => {
  it('is drawn on a terminal, not on a dumb one, not with --quiet, not into a pipe', () => {
    expect(showsProgress(false, true, { TERM: 'xterm-256color' })).toBe(true);
    expect(showsProgress(false, true, { TERM: 'dumb' })).toBe(false);
    expect(showsProgress(true, true, { TERM: 'xterm' })).toBe(false);
    expect(showsProgress(false, false, { TERM: 'xterm' })).toBe(false);
  });

  it('follows the same dumb-terminal rule as colour', () => {
    expect(colourLevel(undefined, { TERM: 'dumb' }, true)).toBe(0);
    expect(colourLevel(undefined, { TERM: 'xterm' }, true)).toBe(1);
  });
});

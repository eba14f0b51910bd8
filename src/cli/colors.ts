/**
 * Colour policy, in one place: off with --no-color or NO_COLOR (no-color.org), forced with
 * FORCE_COLOR (levels 0-3 as chalk reads them), off on a dumb terminal (TERM=dumb), otherwise
 * on only when the stream is a TTY.
 */
import { Chalk } from 'chalk';
import { plainPalette, type Palette } from '../render/palette.js';

/** A dumb terminal (TERM=dumb): no colour and no other control codes (cursor moves, line erases). */
export function dumbTerminal(env: NodeJS.ProcessEnv): boolean {
  return env.TERM === 'dumb';
}

/** Whether to colour a stream, from the flag, the environment and the stream itself. */
export function colourLevel(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTty: boolean): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === 'false' || force === '0') return 0;
    const n = Number(force);
    return n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1;
  }
  if (dumbTerminal(env)) return 0;
  return isTty ? 1 : 0;
}

/** A palette for the given colour level. */
export function makePalette(level: 0 | 1 | 2 | 3): Palette {
  if (level === 0) return plainPalette;
  const c = new Chalk({ level });
  return { bold: c.bold, dim: c.dim, red: c.red, yellow: c.yellow, green: c.green, cyan: c.cyan };
}

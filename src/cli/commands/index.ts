/** The command table: one module per command, each registering itself. */
import type { Command } from 'commander';
import { registerCatalog } from './catalog.js';
import { registerCheck } from './check.js';
import { registerCompletion } from './completion.js';
import { registerDiff } from './diff.js';
import { registerEmit } from './emit.js';
import { registerFit } from './fit.js';
import { registerInit } from './init.js';
import { registerObserve } from './observe.js';
import { registerPlan } from './plan.js';
import { registerRunway } from './runway.js';
import { registerReport } from './report.js';
import { registerSimulate } from './simulate.js';
import { registerSize } from './size.js';
import type { SetExit } from './set-exit.js';
import { registerSweep } from './sweep.js';
import { registerValidate } from './validate.js';

export type { SetExit } from './set-exit.js';

/** Each command's registration, in the order `capplan --help` lists them. */
const REGISTRY: readonly (readonly [name: string, register: (program: Command, setExit: SetExit) => void])[] = [
  ['plan', registerPlan],
  ['size', registerSize],
  ['validate', registerValidate],
  ['init', registerInit],
  ['check', registerCheck],
  ['diff', registerDiff],
  ['fit', registerFit],
  ['catalog', registerCatalog],
  ['emit', registerEmit],
  ['observe', registerObserve],
  ['report', registerReport],
  ['completion', registerCompletion],
  ['simulate', registerSimulate],
  ['sweep', registerSweep],
  ['runway', registerRunway],
];

/**
 * Registers the commands on the program: every one, or with `only` (a command's name) just that
 * one. A run names its command first (`capplan plan …`), and commander then reads nothing of the
 * others: building them all (their options, help texts) was a few ms of every start. `completion`
 * describes every command, so it is never registered alone. `capplan --version` (or `-V`) first
 * reads no command at all: commander prints the version at that option and stops.
 */
export function registerCommands(program: Command, setExit: SetExit, only?: string): void {
  if (only === '--version' || only === '-V') return;
  const alone = only !== 'completion' ? REGISTRY.find(([name]) => name === only) : undefined;
  for (const [name, register] of REGISTRY) if (!alone || name === only) register(program, setExit);
}

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

/** Registers every command on the program. */
export function registerCommands(program: Command, setExit: SetExit): void {
  registerPlan(program, setExit);
  registerSize(program, setExit);
  registerValidate(program, setExit);
  registerInit(program, setExit);
  registerCheck(program, setExit);
  registerDiff(program, setExit);
  registerFit(program, setExit);
  registerCatalog(program, setExit);
  registerEmit(program, setExit);
  registerObserve(program, setExit);
  registerReport(program, setExit);
  registerCompletion(program, setExit);
  registerSimulate(program, setExit);
  registerSweep(program, setExit);
  registerRunway(program, setExit);
}

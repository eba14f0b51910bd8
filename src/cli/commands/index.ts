/** The command table: one module per command, each registering itself. */
import type { Command } from 'commander';
import { registerInit } from './init.js';
import { registerPlan } from './plan.js';
import { registerSize } from './size.js';
import { registerValidate } from './validate.js';

/** Sets the exit code of the run (commands return codes; main maps errors). */
export type SetExit = (code: number) => void;

/** Registers every command on the program. */
export function registerCommands(program: Command, setExit: SetExit): void {
  registerPlan(program, setExit);
  registerSize(program, setExit);
  registerValidate(program, setExit);
  registerInit(program, setExit);
}

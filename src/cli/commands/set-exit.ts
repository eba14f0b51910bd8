/** What a command is given to report its exit code, in a module of its own so commands need not import the command table. */

/** Sets the exit code of the run (commands return codes; main maps errors). */
export type SetExit = (code: number) => void;

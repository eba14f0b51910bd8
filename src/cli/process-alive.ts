/** Whether a process is running, for the files and locks a run marks with its process id. */

/** Whether a process with this id is running (its temporary files and locks are not ours to remove). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Swapping two directories in one step: Linux's renameat2(2) with RENAME_EXCHANGE exchanges two
 * paths atomically, so a reader (or a kill) sees one directory or the other at the path, never
 * none. Node has no binding for it, and an addon would need a compiler at install; perl's
 * built-in `syscall` makes the call with no module (perl-base is an essential Debian package and
 * ships with most Linux distributions). Where perl, the system call or the file system's support
 * is missing, exchangeDirs says so and the caller falls back to two renames.
 *
 * The perl process first asks to be killed with its parent (prctl PR_SET_PDEATHSIG) and checks
 * that its parent is still this process, so a kill of capplan before the exchange never lets the
 * exchange happen later, behind the back of whoever looks at the directory next.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync } from 'node:fs';

/** The system call numbers by architecture (x86_64: arch/x86/entry/syscalls/syscall_64.tbl; arm64: include/uapi/asm-generic/unistd.h). */
const SYSCALLS: Readonly<Partial<Record<NodeJS.Architecture, { prctl: number; renameat2: number }>>> = {
  x64: { prctl: 157, renameat2: 316 },
  arm64: { prctl: 167, renameat2: 276 },
};

/** AT_FDCWD, RENAME_EXCHANGE, PR_SET_PDEATHSIG and SIGKILL from the Linux headers. */
const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2;
const PR_SET_PDEATHSIG = 1;
const SIGKILL = 9;

/**
 * The perl program: `perl -e SCRIPT A B PID` exchanges A and B unless its parent is no longer
 * PID, and dies with its parent. `pauseS` waits between the checks and the exchange (tests only:
 * a parent killed then must leave A and B as they were).
 */
export function exchangeScript(numbers: { prctl: number; renameat2: number }, pauseS = 0): string {
  return [
    `syscall(${numbers.prctl}, ${PR_SET_PDEATHSIG}, ${SIGKILL});`,
    'exit 3 if getppid() != $ARGV[2];',
    pauseS > 0 ? `select(undef, undef, undef, ${pauseS});` : '',
    `exit(syscall(${numbers.renameat2}, ${AT_FDCWD}, $ARGV[0], ${AT_FDCWD}, $ARGV[1], ${RENAME_EXCHANGE}) == -1 ? 1 : 0);`,
  ].filter(Boolean).join(' ');
}

/** The system call numbers here, or null where the exchange is not to be had. */
export function exchangeSyscalls(): { prctl: number; renameat2: number } | null {
  return (process.platform === 'linux' ? SYSCALLS[process.arch] : undefined) ?? null;
}

function inode(path: string): bigint | null {
  try {
    return lstatSync(path, { bigint: true }).ino;
  } catch {
    return null;
  }
}

/**
 * Exchanges directories a and b (absolute paths on one file system): true when a now holds what b
 * held and b what a held; false when nothing was exchanged (not Linux on x86_64 or arm64, no
 * perl, or the call refused), and then both are as they were.
 */
export function exchangeDirs(a: string, b: string): boolean {
  const numbers = exchangeSyscalls();
  if (!numbers) return false;
  const before = inode(b);
  if (before === null || inode(a) === null) return false;
  // Only PATH: PERL5OPT and the like could load modules or print.
  spawnSync('perl', ['-e', exchangeScript(numbers), a, b, String(process.pid)], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  // The outcome is read off the file system, not the exit status: what a holds now is what b held.
  return inode(a) === before;
}

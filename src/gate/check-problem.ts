/** What stopped a check, as every CI format tells it (render-github.ts, render-check.ts, render-check-json.ts). */

/** A problem that stopped the check (a profile or baseline it cannot read), as `check` reports it: positioned when it has a place. */
export interface CheckProblem {
  file: string;
  line: number | null;
  col: number | null;
  path: string;
  message: string;
  hint: string | null;
  severity: 'error' | 'warning';
}

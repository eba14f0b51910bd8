/**
 * Shrinks a failing case to a small reproducer with the same signature: drops optional flags,
 * then deletes keys and items of JSON inputs, then lines of every text input (delta debugging
 * with halving chunk sizes), then trims long lines and binary inputs.
 */
import type { CaseFile, FuzzCase } from './case.js';

/** Runs a candidate and says whether it still fails with the wanted signature. */
export type Reproduces = (c: FuzzCase) => Promise<boolean>;

/** Limits of one shrink. */
export interface ShrinkBudget {
  maxRuns: number;
  maxMs: number;
}

class Budget {
  runs = 0;
  private readonly until: number;
  constructor(private readonly b: ShrinkBudget) {
    this.until = performance.now() + b.maxMs;
  }
  spent(): boolean {
    return this.runs >= this.b.maxRuns || performance.now() > this.until;
  }
}

function withFile(c: FuzzCase, i: number, file: CaseFile): FuzzCase {
  const files = [...c.files];
  files[i] = file;
  return { ...c, files };
}

/** Flags after the file arguments that the case does not need. */
async function shrinkArgv(c: FuzzCase, ok: Reproduces, budget: Budget): Promise<FuzzCase> {
  let best = c;
  for (let i = best.argv.length - 1; i >= 1 && !budget.spent(); i--) {
    const a = best.argv[i]!;
    if (!a.startsWith('--') || a === '--no-color' || a === '-o' || a === '--output' || a === '--baseline') continue;
    const takesValue = i + 1 < best.argv.length && !best.argv[i + 1]!.startsWith('--');
    for (const span of takesValue ? [2, 1] : [1]) {
      const argv = [...best.argv.slice(0, i), ...best.argv.slice(i + span)];
      budget.runs++;
      if (await ok({ ...best, argv })) {
        best = { ...best, argv };
        break;
      }
    }
  }
  return best;
}

type Json = unknown;

/** Deletes object keys and array items of a JSON input while the failure persists. */
async function shrinkJson(c: FuzzCase, i: number, ok: Reproduces, budget: Budget): Promise<FuzzCase> {
  const text = c.files[i]!.text!;
  let data: Json;
  try {
    data = JSON.parse(text);
  } catch {
    return c;
  }
  const render = (d: Json) => JSON.stringify(d, null, 2);
  let best = c;
  const formatted = withFile(c, i, { name: c.files[i]!.name, text: render(data) });
  budget.runs++;
  if (!(await ok(formatted))) return c;
  best = formatted;
  let progress = true;
  while (progress && !budget.spent()) {
    progress = false;
    const paths: (string | number)[][] = [];
    const walk = (v: Json, p: (string | number)[]) => {
      if (Array.isArray(v)) v.forEach((x, k) => (paths.push([...p, k]), walk(x, [...p, k])));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (paths.push([...p, k]), walk(x, [...p, k]));
    };
    walk(data, []);
    for (const path of paths.slice(0, 400)) {
      if (budget.spent()) break;
      const copy = structuredClone(data);
      let parent = copy as Record<string | number, Json>;
      for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, Json>;
      if (!parent || typeof parent !== 'object') continue;
      const last = path[path.length - 1]!;
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      const candidate = withFile(best, i, { name: c.files[i]!.name, text: render(copy) });
      budget.runs++;
      if (await ok(candidate)) {
        best = candidate;
        data = copy;
        progress = true;
        break;
      }
    }
  }
  return best;
}

/** Delta debugging over lines: removes chunks of halving size while the failure persists. */
async function shrinkLines(c: FuzzCase, i: number, ok: Reproduces, budget: Budget): Promise<FuzzCase> {
  let best = c;
  let lines = c.files[i]!.text!.split('\n');
  for (let chunk = Math.max(1, Math.floor(lines.length / 2)); chunk >= 1 && !budget.spent(); chunk = Math.floor(chunk / 2)) {
    for (let start = 0; start < lines.length && !budget.spent(); ) {
      const next = [...lines.slice(0, start), ...lines.slice(start + chunk)];
      const candidate = withFile(best, i, { name: c.files[i]!.name, text: next.join('\n') });
      budget.runs++;
      if (next.length < lines.length && (await ok(candidate))) {
        best = candidate;
        lines = next;
      } else start += chunk;
    }
    if (chunk === 1) break;
  }
  return best;
}

/** Halves long lines (huge scalars, long rows) while the failure persists. */
async function shrinkLongLines(c: FuzzCase, i: number, ok: Reproduces, budget: Budget): Promise<FuzzCase> {
  let best = c;
  const lines = c.files[i]!.text!.split('\n');
  for (let k = 0; k < lines.length && !budget.spent(); k++) {
    while (lines[k]!.length > 120 && !budget.spent()) {
      const line = lines[k]!;
      const half = line.slice(0, Math.ceil(line.length / 2));
      const trial = [...lines];
      trial[k] = half;
      const candidate = withFile(best, i, { name: c.files[i]!.name, text: trial.join('\n') });
      budget.runs++;
      if (!(await ok(candidate))) break;
      lines[k] = half;
      best = candidate;
    }
  }
  return best;
}

/** Halves binary inputs while the failure persists. */
async function shrinkBytes(c: FuzzCase, i: number, ok: Reproduces, budget: Budget): Promise<FuzzCase> {
  let best = c;
  let bytes = Buffer.from(c.files[i]!.base64!, 'base64');
  while (bytes.length > 16 && !budget.spent()) {
    const half = bytes.subarray(0, Math.ceil(bytes.length / 2));
    const candidate = withFile(best, i, { name: c.files[i]!.name, base64: half.toString('base64') });
    budget.runs++;
    if (!(await ok(candidate))) break;
    bytes = half;
    best = candidate;
  }
  return best;
}

/** The smallest variant of `c` found within the budget that still reproduces. */
export async function shrinkCase(c: FuzzCase, ok: Reproduces, limits: ShrinkBudget): Promise<{ shrunk: FuzzCase; runs: number }> {
  const budget = new Budget(limits);
  let best = await shrinkArgv(c, ok, budget);
  for (let i = 0; i < best.files.length; i++) {
    if (best.files[i]!.base64 !== undefined) {
      best = await shrinkBytes(best, i, ok, budget);
      continue;
    }
    if (/\.json$/.test(best.files[i]!.name)) best = await shrinkJson(best, i, ok, budget);
    best = await shrinkLines(best, i, ok, budget);
    best = await shrinkLongLines(best, i, ok, budget);
  }
  return { shrunk: best, runs: budget.runs };
}

// The cheapest unit prices (per core-hour, GiB-hour, GPU-hour) that every instance type of a
// pool "agrees with", and the lower bound on cost they give. Pure, no catalog access.

/** Amounts of the three packed resources (memory in bytes). */
export interface ResourceVector {
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
}

/** A node type's schedulable capacity (after reservations, less any daemonset overhead given) and price. */
export interface PricedCapacity {
  capacity: ResourceVector;
  hourlyUsd: number;
}

/** A lower bound on hourly cost, and the unit prices that produce it. */
export interface UnitPriceBound {
  hourlyUsd: number;
  usdPerCoreHour: number;
  usdPerGiBHour: number;
  usdPerGpuHour: number;
}

const GIB = 2 ** 30;
const EPS = 1e-9;

/*
 * Lower bound by linear-programming duality. Let D = (cores, GiB, GPUs) requested in total and,
 * for each node type t, C_t its schedulable capacity and p_t its hourly price. Any unit prices
 * y ≥ 0 with y·C_t ≤ p_t for every t make every node cost at least y·(what it holds), so any
 * packing onto these types costs at least y·D. The best such bound is the LP
 *
 *     maximise y·D   subject to   y·C_t ≤ p_t  (all t),   y ≥ 0,
 *
 * whose optimum lies on a vertex: we enumerate every choice of d active constraints (d ≤ 3
 * resource dimensions with positive demand), solve the d×d system and keep the best feasible
 * point. This dominates the naive max_r(D_r × min_t p_t / C_t,r) bound, which is one vertex.
 */
/** The best lower bound on the hourly cost of packing `demand` onto the given node types. */
export function unitPriceLowerBound(demand: ResourceVector, types: readonly PricedCapacity[]): UnitPriceBound {
  const d = [demand.cpuCores, demand.memoryBytes / GIB, demand.gpus];
  const best = [0, 0, 0];
  const { dims, vertices } = feasibleVertices(types, d.map((x) => x > 0));
  if (dims.length > 0) {
    const objective = dims.map((j) => d[j]!);
    let bestValue = -Infinity;
    for (const y of vertices) {
      const value = dot(objective, y);
      if (!(value > bestValue)) continue;
      bestValue = value;
      dims.forEach((j, k) => (best[j] = Math.max(0, y[k]!)));
    }
  }
  return {
    hourlyUsd: best[0]! * d[0]! + best[1]! * d[1]! + best[2]! * d[2]!,
    usdPerCoreHour: best[0]!,
    usdPerGiBHour: best[1]!,
    usdPerGpuHour: best[2]!,
  };
}

/**
 * The feasible vertices of the LP's polytope, in enumeration order, for the node types and the
 * dimensions with demand. They depend on neither the demand's size nor its mix (only the
 * objective does), so they are computed once per pool and kept: a Monte Carlo or a runway prices
 * hundreds of bills over the same node types. Scanning them in order for the first strictly best
 * value picks the same vertex as scanning every vertex would.
 */
function feasibleVertices(types: readonly PricedCapacity[], demanded: readonly boolean[]): { dims: number[]; vertices: number[][] } {
  const key = `${demanded.map(Number).join('')}|${types.map((t) => `${t.capacity.cpuCores},${t.capacity.memoryBytes},${t.capacity.gpus},${t.hourlyUsd}`).join(';')}`;
  const cached = vertexCache.get(key);
  if (cached) return cached;
  // Canonical order, so that ties between vertices resolve the same way whatever the input order.
  const rows = types
    .map((t) => ({
      a: [t.capacity.cpuCores, t.capacity.memoryBytes / GIB, t.capacity.gpus].map((x) => Math.max(0, x)),
      b: t.hourlyUsd,
    }))
    .sort((x, y) => x.b - y.b || x.a[0]! - y.a[0]! || x.a[1]! - y.a[1]! || x.a[2]! - y.a[2]!);
  // Dimensions with no demand get a zero price; dimensions no type offers cannot be priced.
  const dims = [0, 1, 2].filter((j) => demanded[j] && rows.some((r) => r.a[j]! > 0));
  const vertices: number[][] = [];
  if (dims.length > 0) {
    const constraints = [
      ...withoutImplied(rows.map((r) => ({ a: dims.map((j) => r.a[j]!), b: r.b }))),
      ...dims.map((_, k) => ({ a: dims.map((__, m) => (m === k ? -1 : 0)), b: 0 })),
    ];
    // Most points are refused, and mostly by the constraint that refused the point before: the
    // check starts there (the answer is the same whichever constraint it starts at). A plan of
    // the largest bundled profile spent ~3 ms here, once per pool, checking every constraint.
    let refuser = 0;
    const k = dims.length;
    const idx = Array.from({ length: k }, (_, i) => i);
    // Every choice of k constraints, in lexicographic order.
    while (k <= constraints.length) {
      const y = k === 2 ? solve2(constraints[idx[0]!]!, constraints[idx[1]!]!) : solve(idx.map((i) => constraints[i]!.a), idx.map((i) => constraints[i]!.b));
      if (y !== null) {
        const refused = firstRefusing(constraints, y, refuser);
        if (refused < 0) vertices.push(y);
        else refuser = refused;
      }
      if (!nextCombination(idx, constraints.length)) break;
    }
  }
  if (vertexCache.size >= VERTEX_CACHE_SIZE) vertexCache.clear();
  const result = { dims, vertices };
  vertexCache.set(key, result);
  return result;
}

/** Pools remembered at once (a run prices one or two pools per provider and region). */
const VERTEX_CACHE_SIZE = 64;
const vertexCache = new Map<string, { dims: number[]; vertices: number[][] }>();

/*
 * A constraint y·a_r ≤ b_r is implied by another, y·a_s ≤ b_s, when a_s ≥ a_r componentwise and
 * b_s ≤ b_r (for y ≥ 0, y·a_r ≤ y·a_s ≤ b_s ≤ b_r): dropping it leaves the LP unchanged and
 * shrinks the vertex enumeration. Of two identical constraints the first is kept.
 */
function withoutImplied(rows: readonly { a: number[]; b: number }[]): { a: number[]; b: number }[] {
  return rows.filter((r, i) =>
    !rows.some((s, j) => j !== i && s.b <= r.b && s.a.every((x, k) => x >= r.a[k]!) && (j < i || s.b < r.b || s.a.some((x, k) => x > r.a[k]!))),
  );
}

/** The first constraint, from `start` round to `start − 1`, that `y` breaks by more than the tolerance; −1 when it keeps every one. */
function firstRefusing(constraints: readonly { a: readonly number[]; b: number }[], y: readonly number[], start: number): number {
  const n = constraints.length;
  for (let k = 0; k < n; k++) {
    const i = start + k < n ? start + k : start + k - n;
    const c = constraints[i]!;
    if (!(dot(c.a, y) <= c.b + EPS * Math.max(1, Math.abs(c.b)))) return i;
  }
  return -1;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Steps `idx` (k increasing indices below n) to the next k-subset in lexicographic order; false after the last. */
function nextCombination(idx: number[], n: number): boolean {
  const k = idx.length;
  let i = k - 1;
  while (i >= 0 && idx[i] === n - k + i) i -= 1;
  if (i < 0) return false;
  idx[i]! += 1;
  for (let j = i + 1; j < k; j += 1) idx[j] = idx[j - 1]! + 1;
  return true;
}

/**
 * solve() of two constraints, a_0·y = b_0 and a_1·y = b_1, with the same operations in the same
 * order (so the same bits) and no arrays but the answer's: a CPU × memory pool's vertices are
 * searched among every pair of its constraints (351 pairs for the 33 general node types of AWS
 * us-east-1), and an augmented matrix per pair was a third of the bound's time in a plan of the
 * largest bundled profile (2.1 → 1.4 ms, medians of 11).
 */
function solve2(c0: { a: readonly number[]; b: number }, c1: { a: readonly number[]; b: number }): number[] | null {
  // Column 0: the row with the larger |a[0]| leads (the first on a tie), as solve() pivots.
  const swap = Math.abs(c1.a[0]!) > Math.abs(c0.a[0]!);
  const top = swap ? c1 : c0;
  const low = swap ? c0 : c1;
  const p00 = top.a[0]!;
  const p01 = top.a[1]!;
  let p02 = top.b;
  let q01 = low.a[1]!;
  let q02 = low.b;
  if (Math.abs(p00) < 1e-12) return null;
  const f0 = low.a[0]! / p00;
  // (solve() also updates the low row's column 0, which nothing reads after.)
  q01 -= f0 * p01;
  q02 -= f0 * p02;
  // Column 1: one row left below it, so the pivot is the low row's own.
  if (Math.abs(q01) < 1e-12) return null;
  const f1 = p01 / q01;
  // (And the top row's column 1, likewise unread.)
  p02 -= f1 * q02;
  return [p02 / p00, q02 / q01];
}

/** Solves the square system A x = b by Gaussian elimination; null when (near) singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r += 1) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c += 1) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

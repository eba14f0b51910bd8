/** The gate's vocabulary, without dependencies, so that flag parsing stays off the heavy path. */
import type { ViolationKind } from '../plan/types.js';

/** What a rule does when it trips: fail the gate (exit 1), print a warning (exit 0), or nothing. */
export const GATE_LEVELS = ['error', 'warn', 'off'] as const;

/** What a tripped rule does. */
export type GateLevel = (typeof GATE_LEVELS)[number];

/** The gate's rules. */
export type RuleName = 'violations' | 'headroom' | 'latency' | 'availability' | 'replicas' | 'cost' | 'simulate' | 'runway' | 'policy';

/** Every rule, in the order findings and summaries list them. */
export const RULES: readonly RuleName[] = ['violations', 'headroom', 'latency', 'availability', 'replicas', 'cost', 'simulate', 'runway', 'policy'];

/** Every violation class the planner reports, for per-kind levels. */
export const VIOLATION_KINDS = [
  'rateLimit', 'writes', 'maxReplicas', 'latency', 'memory', 'connections', 'timeout', 'unstable', 'headroom', 'capacity', 'unpriced', 'availability',
] as const satisfies readonly ViolationKind[];

// Fails to compile when plan/types.ts gains a violation kind this list lacks.
type MissingKinds = Exclude<ViolationKind, (typeof VIOLATION_KINDS)[number]>;
const exhaustive: [MissingKinds] extends [never] ? true : MissingKinds = true;
void exhaustive;

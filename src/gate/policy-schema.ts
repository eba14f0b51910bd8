/**
 * The `gates:` section of a profile: the CI gate policy of `capplan check` as data. Each rule is
 * `error | warn | off`, written either as that word or as a mapping with the rule's threshold.
 */
import * as z from 'zod';
import type { Fields } from '../profile/fields.js';
import { GATE_LEVELS, VIOLATION_KINDS } from './levels.js';

const levelOf = (what: string) => z.enum(GATE_LEVELS).describe(`error fails the gate (exit 1), warn prints and passes, off skips: ${what}.`);

/**
 * The level word of the shorthand (`latency: warn`). A string piped into the enum, so that a
 * mapping fails this branch on its type alone and the union reports the mapping's own problems;
 * the enum is restated in the metadata for the JSON Schema.
 */
const levelWordOf = (what: string) => z.string().pipe(z.enum(GATE_LEVELS)).meta({ enum: [...GATE_LEVELS] }).describe(`error fails the gate (exit 1), warn prints and passes, off skips: ${what}.`);

/** A rule written as a level word or as a mapping with its level and threshold. */
function rule<T extends z.ZodRawShape>(what: string, shape: T, description: string) {
  return z
    .union([levelWordOf(what), z.strictObject({ level: levelOf(what).optional(), ...shape })])
    .optional()
    .describe(description);
}

/** The zod schema of `gates:` (units read by the profile's field builders). */
export function gatesSchema(f: Fields) {
  const kinds = Object.fromEntries(
    VIOLATION_KINDS.map((k) => [k, z.enum(GATE_LEVELS).optional().describe(`Level for ${k} violations (error | warn | off).`)]),
  ) as Record<(typeof VIOLATION_KINDS)[number], z.ZodOptional<z.ZodEnum<{ error: 'error'; warn: 'warn'; off: 'off' }>>>;
  return z
    .strictObject({
      headroom: rule(
        'headroom below the minimum',
        {
          min: f.number({ positive: true }).optional().describe('Least max sustainable rate ÷ peak rate per component (number, e.g. 1.3; default targets.minHeadroom of each phase).'),
        },
        'Headroom of each component (deployed replicas: the baseline’s, else the plan’s) against a minimum (default level error).',
      ),
      violations: rule(
        'plan violations',
        { kinds: z.strictObject(kinds).optional().describe('Levels per violation kind, over the rule’s level (e.g. timeout: warn).') },
        'Any violation in the plan: rate limit, max replicas, latency, availability, serialised writes, connections, memory, timeouts (default level error).',
      ),
      replicas: rule(
        'replicas up beyond the margin',
        { margin: f.fraction({ min: 0 }).optional().describe('Allowed rise of a component’s replicas over the baseline (fraction or percentage, default 10%).') },
        'Replicas of each component and phase against the baseline (default level error, margin 10%).',
      ),
      cost: rule(
        'monthly cost up beyond the margin',
        {
          margin: f.fraction({ min: 0 }).optional().describe('Allowed rise of a phase’s monthly bill over the baseline (fraction or percentage, default 10%).'),
          max: z.number().positive({ error: 'a monthly budget in USD greater than 0 (e.g. 5000)' }).optional().describe('A monthly budget: the most a phase’s bill may come to, in USD (e.g. 5000); checked with or without a baseline.'),
        },
        'Monthly cost of each phase against the baseline, when both are priced, and against a budget (gates.cost.max) (default level error, margin 10%).',
      ),
      latency: rule('p95 over its target', {}, 'Each component’s p95 against its latencyP95 budget and the end-to-end p95 against targets.latencyP95 (default level error).'),
      availability: rule('availability target missed', {}, 'The share of requests the plan predicts fail (a rate-limited adapter’s calls refused in bursts, not retried) against what targets.availability allows (default level error; the availability violations are gated at the milder of this and the violations level).'),
      simulate: z
        .union([
          z.boolean(),
          levelWordOf('simulated figures over their targets'),
          z.strictObject({
            level: levelOf('simulated figures over their targets').optional(),
            requests: f.count({ min: 1000 }).optional().describe('Requests simulated per phase (count, default 100,000).'),
            seed: f.count({ min: 0 }).optional().describe('Seed of the simulation (count, default 1).'),
          }),
        ])
        .optional()
        .describe('Simulate every phase (capplan simulate) and gate on what it shows: an unstable station, a p95 over its budget or target, failing requests (true = error; default off).'),
      runway: rule('runway under gates.minRunway', {}, 'Months until the first month that needs action as the load grows along workload.growth (capplan runway) against gates.minRunway (default level error).'),
      minRunway: f.duration({ positive: true, guesses: [' months', 'w'] }).optional().describe('Least acceptable runway (a duration, e.g. 6 months): the runway rule fails when a component must scale or a violation appears sooner under workload.growth.'),
    })
    .describe('CI gate policy for `capplan check`: each rule error | warn | off, with its threshold; flags override it.');
}

/** The `gates:` section as validated (SI units: fractions 0..1). */
export type GatesInput = z.output<ReturnType<typeof gatesSchema>>;

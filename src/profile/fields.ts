/**
 * zod builders for profile quantities. Each field accepts a number (SI base units) or a string
 * with units, and yields a number in SI units. The reader is injected: the fast-path reader
 * defers strings it does not know, and the mathjs reader (loaded only then) evaluates them,
 * including expressions over the phase's workload values.
 */
import * as z from 'zod';
import { EXPECTED_FORM, type QuantityKind, type QuantityResult } from '../units/quantity.js';

/** Reads one raw value of a kind into SI units. */
export type QuantityReader = (value: unknown, kind: QuantityKind) => QuantityResult;

/** Range limits for a quantity field. */
export interface Range {
  /** Smallest allowed value (inclusive unless `positive`). */
  min?: number;
  max?: number;
  /** Must be greater than zero. */
  positive?: boolean;
}

/** Marker put in an issue's params when the fast path could not read a value. */
export const DEFERRED = 'capplan:deferred';

/** The field builders bound to one reader. */
export type Fields = ReturnType<typeof makeFields>;

/** Builds the quantity field constructors for one reader. */
export function makeFields(read: QuantityReader) {
  const quantity = (kind: QuantityKind, range: Range = {}) =>
    z
      .union([z.number(), z.string()], { error: () => `expected ${EXPECTED_FORM[kind]}` })
      .transform((raw, ctx) => {
        const result = read(raw, kind);
        if (!result.ok) {
          if ('deferred' in result) {
            ctx.addIssue({
              code: 'custom',
              message: `cannot read ${JSON.stringify(raw)} as ${EXPECTED_FORM[kind]}`,
              params: { [DEFERRED]: true },
            });
          } else {
            ctx.addIssue({ code: 'custom', message: result.message, params: result.hint ? { hint: result.hint } : {} });
          }
          return z.NEVER;
        }
        const problem = checkRange(result.value, range);
        if (problem) {
          ctx.addIssue({ code: 'custom', message: problem, params: {} });
          return z.NEVER;
        }
        return result.value;
      });
  return {
    /** Seconds. */
    duration: (range?: Range) => quantity('duration', range),
    /** Events per second. */
    rate: (range?: Range) => quantity('rate', range),
    /** Bytes. */
    bytes: (range?: Range) => quantity('bytes', range),
    /** Bytes per second. */
    byteRate: (range?: Range) => quantity('byteRate', range),
    /** CPU cores. */
    cpu: (range?: Range) => quantity('cpu', range),
    /** A fraction 0..1 (percentages accepted). */
    fraction: (range?: Range) => quantity('fraction', range),
    /** A whole number. */
    count: (range?: Range) => quantity('count', range),
    /** A real number. */
    number: (range?: Range) => quantity('number', range),
  };
}

function checkRange(value: number, range: Range): string | undefined {
  if (range.positive && !(value > 0)) return `must be greater than 0 (got ${value})`;
  if (range.min !== undefined && value < range.min) return `must be at least ${range.min} (got ${value})`;
  if (range.max !== undefined && value > range.max) return `must be at most ${range.max} (got ${value})`;
  return undefined;
}

/** A component name: a DNS-1035 label, because it names Kubernetes objects and Compose services. */
export const componentName = z
  .string()
  .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    error: 'must be a DNS label: lowercase letters, digits and "-", starting with a letter, at most 63 characters (it names Kubernetes objects)',
  });

/**
 * The slow-path reader, loaded only when a profile holds an expression or a unit outside the
 * fast-path vocabulary: mathjs evaluates it with the phase's workload values in scope. Functions
 * that could change the math instance are disabled, as mathjs's security notes advise for
 * expressions from files (mathjs.org/docs/expressions/security.html).
 */
import { all, create, type Unit } from 'mathjs';
import { didYouMean } from '../profile/diagnostic.js';
import { checkNumber, EXPECTED_FORM, readQuantity, type QuantityKind, type QuantityResult } from './quantity.js';

const math = create(all!, {});
const limitedEvaluate = math.evaluate.bind(math);
const refuse = (name: string) => () => {
  throw new Error(`function ${name} is disabled in profiles`);
};
math.import(
  Object.fromEntries(['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'reviver', 'compile'].map((n) => [n, refuse(n)])),
  { override: true },
);

/** The SI unit mathjs converts each kind to; null where a unit makes no sense. */
const SI_UNIT: Record<QuantityKind, string | null> = {
  duration: 's',
  rate: 'Hz',
  bytes: 'B',
  byteRate: 'B/s',
  cpu: null,
  fraction: null,
  count: null,
  number: null,
};

/** A reader that tries the fast path, then evaluates with mathjs in `scope`. */
export function makeMathReader(scope: Readonly<Record<string, number>>) {
  return (value: unknown, kind: QuantityKind): QuantityResult => {
    const fast = readQuantity(value, kind);
    if (fast.ok || !('deferred' in fast)) return fast;
    const text = String(value);
    let result: unknown;
    try {
      result = limitedEvaluate(text, { ...scope });
    } catch (error) {
      const message = (error as Error).message;
      const undefinedSymbol = /Undefined symbol (\w+)/.exec(message)?.[1];
      if (undefinedSymbol) {
        const names = Object.keys(scope).sort();
        const suggestion = didYouMean(undefinedSymbol, names);
        return {
          ok: false,
          message: `"${text}": unknown unit or name "${undefinedSymbol}"; expected ${EXPECTED_FORM[kind]}`,
          hint: suggestion ? `did you mean "${suggestion}"?` : `expressions may use: ${names.join(', ')}`,
        };
      }
      return { ok: false, message: `cannot read "${text}": ${message}`, hint: `expected ${EXPECTED_FORM[kind]}` };
    }
    if (typeof result === 'number') {
      if (kind === 'fraction' && result > 1) return { ok: false, message: `"${text}" = ${result} is not a fraction between 0 and 1` };
      return checkNumber(result, kind);
    }
    if (math.isUnit(result)) {
      const target = SI_UNIT[kind];
      if (target === null) return { ok: false, message: `"${text}" has a unit; expected ${EXPECTED_FORM[kind]}` };
      try {
        return checkNumber((result as Unit).toNumber(target), kind);
      } catch {
        return { ok: false, message: `"${text}" is ${(result as Unit).formatUnits()}, not ${EXPECTED_FORM[kind]}` };
      }
    }
    return { ok: false, message: `"${text}" is not a number`, hint: `expected ${EXPECTED_FORM[kind]}` };
  };
}

/**
 * The generated tables of docs/profile-reference.md besides the field reference: input limits,
 * quantity magnitudes, plausibility warnings and expression variables, each rendered from the
 * module that enforces it, so the docs cannot drift (`npm run schema`; a test checks).
 */
import { EXPRESSION_VARIABLES, type VariableUnit } from './expression-scope.js';
import { KIND_TITLE } from './fields.js';
import { LIMITS, QUANTITY_RANGE } from './limits.js';
import { PLAUSIBILITY_RULES } from './plausibility.js';
import { UNIT_REQUIRED, type QuantityKind } from '../units/quantity.js';

const UNIT_WORDS: Record<Exclude<VariableUnit, null>, string> = { perSecond: 'per second', perDay: 'per day', seconds: 'seconds' };

/** The limits, magnitudes, plausibility rules and expression variables as Markdown tables. */
export function renderInputRules(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out: string[] = ['### Limits', '', '| limit | value | beyond it |', '| --- | --- | --- |'];
  for (const l of LIMITS) out.push(`| ${l.limit} | ${esc(l.value)} | ${esc(l.beyond)} |`);
  out.push('', '### Magnitudes', '', 'A non-zero quantity must lie within these (SI units), so that every product the model forms stays finite.', '');
  out.push('| kind | unit required | smallest non-zero | largest |', '| --- | --- | --- | --- |');
  for (const [kind, r] of Object.entries(QUANTITY_RANGE) as [QuantityKind, (typeof QUANTITY_RANGE)[QuantityKind]][]) {
    out.push(`| ${KIND_TITLE[kind]} | ${UNIT_REQUIRED.has(kind) ? 'yes' : 'no'} | ${esc(r.minText)} | ${esc(r.maxText)} |`);
  }
  out.push('', '### Plausibility rules', '', '| where | key | warns when | why |', '| --- | --- | --- | --- |');
  for (const rule of PLAUSIBILITY_RULES) {
    const where = rule.scope === 'component' ? (rule.kinds ? rule.kinds.map((k) => `\`${k}\``).join(', ') : 'any component') : rule.scope === 'plan' ? 'the plan' : `\`${rule.scope}\``;
    out.push(`| ${where} | \`${rule.key}\` | ${esc(rule.when)} | ${esc(rule.reason)} |`);
  }
  out.push('', '### Expression variables', '', '| name | unit | meaning |', '| --- | --- | --- |');
  for (const v of EXPRESSION_VARIABLES) out.push(`| \`${v.name}\` | ${v.unit ? UNIT_WORDS[v.unit] : 'none'} | ${esc(v.meaning)} |`);
  return `${out.join('\n')}\n`;
}

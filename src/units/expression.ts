/**
 * Profile expressions (`peakRps * 0.2`, `max(2, ceil(requestsPerSession / 4))`, `1.5 * 20ms`),
 * read as untrusted input: profiles come from pull requests. As mathjs's security notes advise
 * for expressions from outside (mathjs.org/docs/expressions/security.html), nothing outside an
 * allow-list is ever evaluated. The text is capped in length, parsed to a syntax tree, and the
 * tree is checked node by node and in depth before this module evaluates it itself with mathjs's
 * arithmetic; mathjs's `evaluate`, `compile`, matrices, `import` and `createUnit` are never
 * reached. Allowed: numbers, units of time, data and frequency, the workload variables,
 * + − × ÷ ^ and unary minus, parentheses, and min, max, ceil, floor, round.
 */
import type { MathNode, Unit } from 'mathjs';
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from '../profile/limits.js';

/** What an expression evaluates to: a plain number or a mathjs unit value. */
export type ExpressionValue = number | Unit;

/** The mathjs pieces the evaluator uses (the instance is created by the caller). */
export interface ExpressionMath {
  parse(text: string): MathNode;
  isUnit(x: unknown): x is Unit;
  /** The value of one unit an expression may name (`ms`, `GiB`, `Hz`), or undefined for any other name. */
  unitOf(name: string): Unit | undefined;
  add(a: ExpressionValue, b: ExpressionValue): unknown;
  subtract(a: ExpressionValue, b: ExpressionValue): unknown;
  multiply(a: ExpressionValue, b: ExpressionValue): unknown;
  divide(a: ExpressionValue, b: ExpressionValue): unknown;
  pow(a: ExpressionValue, b: ExpressionValue): unknown;
  unaryMinus(a: ExpressionValue): unknown;
  min(...args: ExpressionValue[]): unknown;
  max(...args: ExpressionValue[]): unknown;
}

/** A problem with an expression: the message, a hint, and the unknown name that caused it, if any. */
export interface ExpressionProblem {
  message: string;
  hint?: string;
  unknown?: { name: string; asUnit: boolean };
}

/** The syntax an expression may use, for hints. */
export const EXPRESSION_SYNTAX = 'expressions may use numbers with units, + - * / ^, parentheses, min, max, ceil, floor, round and the workload variables';

const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);
const FUNCTIONS: Readonly<Record<string, { minArgs: number; maxArgs: number }>> = {
  min: { minArgs: 1, maxArgs: 16 },
  max: { minArgs: 1, maxArgs: 16 },
  ceil: { minArgs: 1, maxArgs: 1 },
  floor: { minArgs: 1, maxArgs: 1 },
  round: { minArgs: 1, maxArgs: 1 },
};

const NODE_WORDS: Readonly<Record<string, string>> = {
  AccessorNode: 'indexing (x[1], x.y) is',
  ArrayNode: 'lists and matrices ([1, 2]) are',
  AssignmentNode: 'assignments (x = 1) are',
  BlockNode: 'several statements (a; b) are',
  ConditionalNode: 'conditions (a ? b : c) are',
  FunctionAssignmentNode: 'function definitions are',
  IndexNode: 'indexing is',
  ObjectNode: 'objects ({a: 1}) are',
  RangeNode: 'ranges (1:10) are',
  RelationalNode: 'comparisons are',
};

/** A short echo of a value for messages: long text is cut. */
export function echo(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * Checks an expression against the allow-list and evaluates it with `scope` (variables already
 * carrying their units). Returns the value, or the first problem found.
 */
export function evaluateExpression(
  math: ExpressionMath,
  text: string,
  scope: ReadonlyMap<string, ExpressionValue>,
): { ok: true; value: ExpressionValue } | ({ ok: false } & ExpressionProblem) {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return { ok: false, message: `${echo(text)} is ${text.length} characters long; expressions are limited to ${MAX_EXPRESSION_LENGTH} characters (limit: expression length)` };
  }
  const written = writingProblem(text);
  if (written) return { ok: false, ...written };
  let root: MathNode;
  try {
    root = math.parse(text);
  } catch (error) {
    // mathjs says "Unexpected part "000" (char 4)" or "Syntax error in part …": the position is kept, its words are not.
    const at = / \(char (\d+)\)/.exec((error as Error).message);
    return { ok: false, message: `cannot read ${echo(text)}${at ? ` (at character ${at[1]})` : ''}: not a number with a unit, nor an expression`, hint: EXPRESSION_SYNTAX };
  }
  const problem = checkTree(math, root, text, scope);
  if (problem) return { ok: false, ...problem };
  try {
    const value = evaluateNode(math, root, scope);
    return { ok: true, value };
  } catch (error) {
    // evaluateNode checks what mathjs would refuse and says so in capplan's words; anything else is not quoted.
    if (error instanceof ExpressionError) return { ok: false, message: `cannot compute ${echo(text)}: ${error.message}`, ...(error.hint ? { hint: error.hint } : {}) };
    return { ok: false, message: `cannot compute ${echo(text)}: its units do not combine`, hint: EXPRESSION_SYNTAX };
  }
}

/** A problem evaluateNode found, in capplan's words. */
class ExpressionError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Full-width digits (U+FF10–FF19), as an IME writes them. */
const WIDE_DIGITS = /[\uff10-\uff19]/;
/** Spaces other than ASCII's, which look like one: no-break, thin, figure, ideographic. */
const ODD_SPACE = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]/;
/** Digits grouped by spaces: `10 000`, `1 000 000`. */
const SPACE_GROUPED = /^\s*[+-]?\d{1,3}(?: \d{3})+(?!\d)/;

/** A number written in a way the parser would misread or refuse in its own words: full-width digits, odd spaces, digits grouped by spaces. */
function writingProblem(text: string): ExpressionProblem | undefined {
  if (WIDE_DIGITS.test(text)) {
    const ascii = text.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48));
    return { message: `${echo(text)} is written with full-width digits`, hint: `write ASCII digits: ${echo(ascii.trim())}` };
  }
  const odd = ODD_SPACE.exec(text);
  if (odd) {
    return { message: `${echo(text)} holds a U+${odd[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} space at character ${odd.index + 1}, which looks like a space but is not one`, hint: 'no spaces inside a number: write 10000 or 10_000; between a number and its unit, an ordinary space or none (20ms, 20 ms)' };
  }
  if (SPACE_GROUPED.test(text)) return { message: `${echo(text)}: no spaces inside a number`, hint: 'write 10000 or 10_000 (or 10,000)' };
  return undefined;
}

type AnyNode = MathNode & {
  type: string;
  value?: unknown;
  name?: string;
  fn?: unknown;
  op?: string;
  implicit?: boolean;
  args?: MathNode[];
  content?: MathNode;
};

/** Walks the tree iteratively: every node on the allow-list, no deeper than MAX_EXPRESSION_DEPTH. */
function checkTree(math: ExpressionMath, root: MathNode, text: string, scope: ReadonlyMap<string, ExpressionValue>): ExpressionProblem | undefined {
  const stack: { node: AnyNode; depth: number; parent: AnyNode | null }[] = [{ node: root as AnyNode, depth: 1, parent: null }];
  while (stack.length > 0) {
    const { node, depth, parent } = stack.pop()!;
    if (depth > MAX_EXPRESSION_DEPTH) {
      return { message: `${echo(text)} nests deeper than ${MAX_EXPRESSION_DEPTH} levels; expressions are limited to ${MAX_EXPRESSION_DEPTH} (limit: expression depth)` };
    }
    const children: MathNode[] = [];
    switch (node.type) {
      case 'ConstantNode':
        if (typeof node.value !== 'number') return { message: `${echo(text)}: only numbers may appear in an expression, not ${JSON.stringify(node.value)}`, hint: EXPRESSION_SYNTAX };
        break;
      case 'SymbolNode': {
        const name = node.name!;
        if (scope.has(name)) break;
        if (math.unitOf(name) !== undefined) break;
        const asUnit = parent !== null && parent.type === 'OperatorNode' && ((parent.fn === 'multiply' && parent.implicit === true) || (parent.fn === 'divide' && parent.args?.[1] === node));
        return { message: `${echo(text)}: unknown ${asUnit ? 'unit' : 'name'} "${name}"`, unknown: { name, asUnit } };
      }
      case 'ParenthesisNode':
        children.push(node.content!);
        break;
      case 'OperatorNode':
        if (typeof node.fn !== 'string' || !OPERATORS.has(node.fn)) {
          return { message: `${echo(text)}: the operator "${node.op}" is not allowed in a profile expression`, hint: EXPRESSION_SYNTAX };
        }
        children.push(...node.args!);
        break;
      case 'FunctionNode': {
        const fn = node.fn as AnyNode;
        const name = fn.type === 'SymbolNode' ? fn.name! : undefined;
        const spec = name !== undefined && Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]! : undefined;
        if (!spec) {
          return { message: `${echo(text)}: ${name ? `the function "${name}"` : 'this call'} is not allowed in a profile expression`, hint: EXPRESSION_SYNTAX };
        }
        const n = node.args!.length;
        if (n < spec.minArgs || n > spec.maxArgs) {
          const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs} argument` : `${spec.minArgs} to ${spec.maxArgs} arguments`;
          return { message: `${echo(text)}: ${name}() takes ${want}, got ${n}` };
        }
        children.push(...node.args!);
        break;
      }
      default:
        return { message: `${echo(text)}: ${NODE_WORDS[node.type] ?? `${node.type} is`} not allowed in a profile expression`, hint: EXPRESSION_SYNTAX };
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as AnyNode, depth: depth + 1, parent: node });
  }
  return undefined;
}

/** What a value is, for messages: "a plain number", "a duration", "a rate" (its mathjs dimension named). */
function kindOf(math: ExpressionMath, x: ExpressionValue): string {
  if (!math.isUnit(x)) return 'a plain number';
  for (const [unit, word] of KIND_WORDS) if (x.equalBase(math.unitOf(unit)!)) return word;
  return `a value in ${x.formatUnits()}`;
}

/** A unit of each dimension a profile quantity has, and its word. */
const KIND_WORDS: readonly [string, string][] = [['s', 'a duration'], ['Hz', 'a rate'], ['B', 'a size'], ['bps', 'a data rate']];

/** Refuses adding (or comparing) values of different kinds, `10ms + 5` or `min(1s, 2)`, which mathjs would refuse in its own words. */
function sameKind(math: ExpressionMath, args: readonly ExpressionValue[], verb: string): void {
  const first = args[0]!;
  for (const other of args.slice(1)) {
    const bothNumbers = typeof first === 'number' && typeof other === 'number';
    const bothUnits = math.isUnit(first) && math.isUnit(other) && first.equalBase(other);
    if (!bothNumbers && !bothUnits) {
      throw new ExpressionError(`cannot ${verb} ${kindOf(math, first)} and ${kindOf(math, other)}`, 'give every term the same kind of unit: 10ms + 5ms, min(1s, 2s)');
    }
  }
}

/** Evaluates a checked tree; recursion is bounded by MAX_EXPRESSION_DEPTH. */
function evaluateNode(math: ExpressionMath, node: MathNode, scope: ReadonlyMap<string, ExpressionValue>): ExpressionValue {
  const n = node as AnyNode;
  const real = (x: unknown): ExpressionValue => {
    if (typeof x === 'number' || math.isUnit(x)) return x as ExpressionValue;
    throw new ExpressionError('the result is not a real number');
  };
  switch (n.type) {
    case 'ConstantNode':
      return n.value as number;
    case 'SymbolNode':
      return scope.get(n.name!) ?? math.unitOf(n.name!)!;
    case 'ParenthesisNode':
      return evaluateNode(math, n.content!, scope);
    case 'OperatorNode': {
      const args = n.args!.map((a) => evaluateNode(math, a, scope));
      if (n.fn === 'add' || n.fn === 'subtract') sameKind(math, args, n.fn === 'add' ? 'add' : 'subtract');
      if (n.fn === 'pow' && typeof args[1] !== 'number') throw new ExpressionError('an exponent is a plain number, without a unit');
      switch (n.fn) {
        case 'unaryPlus': return args[0]!;
        case 'unaryMinus': return real(math.unaryMinus(args[0]!));
        case 'add': return real(math.add(args[0]!, args[1]!));
        case 'subtract': return real(math.subtract(args[0]!, args[1]!));
        case 'multiply': return real(math.multiply(args[0]!, args[1]!));
        case 'divide': return real(math.divide(args[0]!, args[1]!));
        default: return real(math.pow(args[0]!, args[1]!));
      }
    }
    default: {
      const name = (n.fn as AnyNode).name!;
      const args = n.args!.map((a) => evaluateNode(math, a, scope));
      if (name === 'min' || name === 'max') sameKind(math, args, `take the ${name} of`);
      if (name === 'min') return real(math.min(...args));
      if (name === 'max') return real(math.max(...args));
      const x = args[0]!;
      if (typeof x !== 'number') throw new ExpressionError(`${name}() takes a plain number; make one first, e.g. ${name}(thinkTime / 1s) * 1s`);
      return name === 'ceil' ? Math.ceil(x) : name === 'floor' ? Math.floor(x) : Math.round(x);
    }
  }
}

/**
 * Single-value options given twice (`size --service-time 20ms --service-time 30ms`) are refused
 * (exit 2) rather than silently taking the last: every option that takes a value gets a parser
 * that sees its own earlier occurrence. Options whose values accumulate (`check --gate`,
 * `simulate --fail`) are marked `repeatable` where they are declared.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from './errors.js';

/** Parsers of options that may be given more than once (their values accumulate). */
const REPEATABLE = new WeakSet<object>();

/** Marks an accumulating option parser: its option may be given more than once. */
export function repeatable<F extends (value: string, previous: never) => unknown>(parse: F): F {
  REPEATABLE.add(parse);
  return parse;
}

/** The message for an option given a second value. */
export function givenTwiceMessage(first: string, second: string): string {
  return `given twice (${JSON.stringify(first)}, then ${JSON.stringify(second)}); it takes one value: give it once`;
}

/** Makes every single-value option of `program` and its subcommands refuse a second occurrence. */
export function refuseRepeatedOptions(program: Command): void {
  const walk = (cmd: Command) => {
    for (const option of cmd.options) {
      const takesValue = option.required || option.optional;
      if (!takesValue || option.variadic || (option.parseArg && REPEATABLE.has(option.parseArg))) continue;
      const parse = option.parseArg;
      let first: string | undefined;
      option.parseArg = <T>(value: string, previous: T): T => {
        if (first !== undefined) throw new InvalidArgumentError(givenTwiceMessage(first, value));
        first = value;
        return (parse ? parse(value, previous) : value) as T;
      };
    }
    cmd.commands.forEach(walk);
  };
  walk(program);
}

/**
 * `--json` is short for `--format json`: beside `--format table` (or markdown, csv …) the two
 * contradict each other, and are refused before the command runs rather than settled by --json.
 */
export function refuseJsonWithOtherFormat(program: Command): void {
  program.hook('preAction', (_program, action) => {
    const o = action.opts<{ json?: boolean; format?: string }>();
    if (o.json === true && action.getOptionValueSource('format') === 'cli' && o.format !== 'json') {
      throw new UsageError(`--json and --format ${o.format} contradict each other`, '--json is short for --format json: give one of them');
    }
  });
}

/** A single-value option given twice is refused (exit 2) instead of silently taking the last; repeatable ones accumulate, once per rule or component. */
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { buildProgram } from '../../src/cli/main.js';
import { refuseRepeatedOptions, repeatable } from '../../src/cli/once.js';
import { addGateAssignment, parseGateFlag } from '../../src/gate/policy.js';
import { repeatedComponent } from '../../src/simulate/options.js';

/** The usage error commander raises for argv, or null when it parses (the action does nothing). */
async function parseError(argv: string[]): Promise<string | null> {
  const program = buildProgram(() => {}, argv[0]);
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  // The actions are not the point: parsing is.
  for (const c of program.commands) c.action(() => {});
  try {
    await program.parseAsync(argv, { from: 'user' });
    return null;
  } catch (error) {
    if (error instanceof CommanderError || error instanceof UsageError) return error.message;
    throw error;
  }
}

describe('options given twice', () => {
  it('size --service-time twice is refused, naming both values', async () => {
    expect(await parseError(['size', '--rps', '100', '--service-time', '20ms', '--service-time', '30ms'])).toMatch(/option '--service-time <value>' argument '30ms' is invalid\. given twice \("20ms", then "30ms"\)/);
    expect(await parseError(['size', '--rps', '100', '--service-time', '20ms'])).toBeNull();
  });

  it('choices, custom parsers and short flags are refused too', async () => {
    expect(await parseError(['plan', 'p.yaml', '--format', 'json', '--format', 'table'])).toMatch(/given twice/);
    expect(await parseError(['simulate', 'p.yaml', '--seed', '1', '--seed', '2'])).toMatch(/given twice/);
    expect(await parseError(['init', 'small', '-o', 'a.yaml', '--output', 'b.yaml'])).toMatch(/given twice/);
  });

  it('repeatable options accumulate', async () => {
    expect(await parseError(['simulate', 'p.yaml', '--fail', 'zone:a@5m', '--fail', 'api:1@6m', '--service', 'api=deterministic', '--service', 'db=deterministic'])).toBeNull();
    expect(await parseError(['check', 'p.yaml', '--gate', 'cost=warn', '--gate', 'replicas=off'])).toBeNull();
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    program.option('--x <v>').option('--many <v>', '', repeatable((v: string, acc: string[] | undefined) => [...(acc ?? []), v]));
    refuseRepeatedOptions(program);
    expect(program.parse(['--many', 'a', '--many', 'b', '--x', '1'], { from: 'user' }).opts()).toEqual({ many: ['a', 'b'], x: '1' });
  });

  it('check --gate sets each rule once', async () => {
    expect(await parseError(['check', 'p.yaml', '--gate', 'cost=warn', '--gate', 'cost=off'])).toMatch(/cost is set twice \(warn, then off\)/);
    expect(() => addGateAssignment([parseGateFlag('violations.timeout=warn')], parseGateFlag('violations.timeout=off'))).toThrow('violations.timeout is set twice');
    expect(addGateAssignment([parseGateFlag('violations=warn')], parseGateFlag('violations.timeout=off'))).toHaveLength(2);
  });

  it('simulate --balancing and --service name each component once (every component is one)', () => {
    expect(repeatedComponent([{ component: '*' }, { component: 'api' }])).toBeNull();
    expect(repeatedComponent([{ component: '*' }, { component: 'api' }, { component: '*' }])).toBe('*');
    expect(repeatedComponent([{ component: 'api' }, { component: 'api' }])).toBe('api');
  });

  it('--json beside --format of another kind is refused; beside --format json, or alone, it is fine', async () => {
    expect(await parseError(['plan', 'p.yaml', '--json', '--format', 'markdown'])).toBe('--json and --format markdown contradict each other');
    expect(await parseError(['emit', 'k8s', 'p.yaml', '-o', 'd', '--dry-run', '--format', 'table', '--json'])).toBe('--json and --format table contradict each other');
    expect(await parseError(['plan', 'p.yaml', '--json', '--format', 'json'])).toBeNull();
    expect(await parseError(['plan', 'p.yaml', '--json'])).toBeNull();
  });

  it("fit --x '' is refused rather than read as no --x", async () => {
    expect(await parseError(['fit', 'r.csv', '--x', ''])).toMatch(/option '--x <column>' argument '' is invalid\. the column name is empty/);
    expect(await parseError(['fit', 'r.csv', '--y', ' '])).toMatch(/the column name is empty/);
  });
});

/** `capplan init`: the schema modeline and template descriptions that end where a sentence ends. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listTemplates, schemaLine, templateDescription } from '../../src/cli/commands/init.js';

describe('init', () => {
  it('points the YAML language server at the shipped schema, relative to the profile', () => {
    expect(schemaLine('capplan.yaml', '/p/node_modules/capplan', '/p')).toBe('# yaml-language-server: $schema=./node_modules/capplan/schema/capplan-profile.schema.json');
    expect(schemaLine('deploy/capplan.yaml', '/p/node_modules/capplan', '/p')).toBe('# yaml-language-server: $schema=../node_modules/capplan/schema/capplan-profile.schema.json');
    expect(schemaLine(undefined, '/p/node_modules/capplan', '/p/sub')).toBe('# yaml-language-server: $schema=../node_modules/capplan/schema/capplan-profile.schema.json');
    expect(schemaLine('/abs/x.yaml', '/abs', '/elsewhere')).toBe('# yaml-language-server: $schema=./schema/capplan-profile.schema.json');
  });

  it('describes a template by the first sentence of its comment, never cut mid-sentence', () => {
    const text = '# large: edge gateway, API, chat adapters, sharded\n# PostgreSQL; three growth phases. Replace every figure,\n# e.g. the rates.\napiVersion: capplan/v1\n';
    expect(templateDescription('large', text)).toBe('Edge gateway, API, chat adapters, sharded PostgreSQL; three growth phases.');
    expect(templateDescription('thea-ia', '# THEA IA: an FSM engine, e.g. a bot.\n#\n# Source: x\n')).toBe('An FSM engine, e.g. a bot.');
  });

  it('lists every template and bundled profile with a whole sentence', async () => {
    const templates = await listTemplates();
    expect(templates.map((t) => t.name)).toEqual(['large', 'medium', 'small', 'blatam-academy', 'free-intelligence', 'litper', 'ngx-agents', 'thea-ia']);
    for (const t of templates) expect(t.description, t.name).toMatch(/^[A-Z].*[.)]$/);
  });
});

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'capplan-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const capplan = (...args: string[]) => spawnSync(process.execPath, [`${root}bin/capplan.js`, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, COLUMNS: '100' } });

describe('a new profile from each template', () => {
  // A first plan that warns about the template's own settings (a redis without resources, a
  // shards.max no phase uses) tells a new user to fix what capplan wrote.
  it.each(['small', 'medium', 'large'])('%s plans with no warning, finding or violation', (template) => {
    expect(capplan('init', template, '-o', `${template}.yaml`).status).toBe(0);
    const table = capplan('plan', `${template}.yaml`);
    expect(table.stderr).toBe('');
    expect(table.status).toBe(0);
    // Only "unpriced" remains: the catalog has no dated price for a control plane or load balancer, which no profile can change.
    expect(table.stdout.split('\n').filter((l) => /^\s*! /.test(l) && !/^\s*! unpriced: /.test(l))).toEqual([]);
    const json = capplan('plan', `${template}.yaml`, '--format', 'json');
    expect(json.stderr).toBe('');
    const plan = JSON.parse(json.stdout) as { phases: { name: string; findings: string[]; violations: unknown[] }[] };
    for (const phase of plan.phases) {
      expect(phase.findings, phase.name).toEqual([]);
      expect(phase.violations, phase.name).toEqual([]);
    }
  });
});

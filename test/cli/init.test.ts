/** `capplan init`: the schema modeline and template descriptions that end where a sentence ends. */
import { describe, expect, it } from 'vitest';
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

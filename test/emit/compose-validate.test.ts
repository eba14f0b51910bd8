/**
 * Every compose.yaml of every phase of every bundled profile, validated with ajv against the
 * official Compose Specification schema (data/reference/compose-spec), and its nginx.conf checked
 * for shape and wiring.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { GENERATED_MARKER } from '../../src/cli/io.js';
import { HORIZONTAL_KINDS, STATEFUL_KINDS } from '../../src/emit/context.js';
import { ROOT, allPhases, composeOf, yamlDocuments } from './helpers.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'data/reference/compose-spec/compose-spec.json'), 'utf8')) as Record<string, unknown>;
delete schema.$schema;
const validateCompose = new Ajv({ allErrors: true, strict: false }).compile(schema);

const cases = await allPhases();

type ComposeFile = {
  name: string;
  services: Record<string, { image: string; command?: string[]; depends_on?: Record<string, unknown>; volumes?: string[]; ports?: string[]; deploy: { replicas: number }; healthcheck?: unknown }>;
  volumes?: Record<string, unknown>;
};

/** Problems of an nginx.conf: unbalanced braces, a line that is not a directive, a proxy_pass to no upstream. */
function nginxProblems(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  const upstreams = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.endsWith('{')) depth++;
    else if (line === '}') depth--;
    else if (!line.endsWith(';')) out.push(`not a directive: ${line}`);
    if (depth < 0) out.push('unbalanced }');
    const up = /^upstream ([a-z0-9-]+) \{$/.exec(line);
    if (up) upstreams.add(up[1]!);
    const pass = /^proxy_pass http:\/\/([a-z0-9-]+);$/.exec(line);
    if (pass && !upstreams.has(pass[1]!)) out.push(`proxy_pass to unknown upstream ${pass[1]}`);
  }
  if (depth !== 0) out.push('unbalanced braces');
  return out;
}

describe.each(cases.map((c) => [`${c.file} · ${c.phase}`, c] as const))('compose %s', (_name, c) => {
  const files = composeOf(c.profile, c.plan, c.phase);
  const text = files.get('compose.yaml')!;
  const compose = yamlDocuments(text)[0] as ComposeFile;
  const phase = c.plan.phases.find((p) => p.name === c.phase)!;

  it('is valid against the Compose Specification and reads back the same under YAML 1.1 and 1.2', () => {
    const ok = validateCompose(compose);
    expect(validateCompose.errors ?? [], 'compose-spec').toEqual([]);
    expect(ok).toBe(true);
    expect(yamlDocuments(text, '1.1')).toEqual(yamlDocuments(text, '1.2'));
    for (const [file, content] of files) expect(content.startsWith(`# ${GENERATED_MARKER}`), file).toBe(true);
    expect(text).toMatch(/cannot place replicas across zones/);
  });

  it('runs the plan: replicas, Redis maxmemory and policy, PostgreSQL max_connections, volumes', () => {
    for (const comp of phase.components) {
      const svc = compose.services[comp.name];
      if (comp.managed || !(HORIZONTAL_KINDS.has(comp.kind) || STATEFUL_KINDS.has(comp.kind))) {
        expect(svc, comp.name).toBeUndefined();
        continue;
      }
      expect(svc!.deploy.replicas, comp.name).toBe(HORIZONTAL_KINDS.has(comp.kind) ? comp.replicas : 1);
      if (comp.kind === 'cache') {
        const cmd = svc!.command!;
        expect(cmd[cmd.indexOf('--maxmemory') + 1]).toBe(String(comp.detail.maxmemory));
        expect(cmd[cmd.indexOf('--maxmemory-policy') + 1]).toBe(comp.detail.evictionPolicy);
      }
      if (comp.kind === 'database') expect(svc!.command).toContain(`max_connections=${comp.detail.maxConnections}`);
      if (STATEFUL_KINDS.has(comp.kind)) expect(compose.volumes).toHaveProperty(`${comp.name}-data`);
    }
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const dep of Object.keys(svc.depends_on ?? {})) expect(compose.services, `${name} depends on ${dep}`).toHaveProperty(dep);
      for (const v of svc.volumes ?? []) {
        const source = v.split(':')[0]!;
        if (!source.startsWith('./')) expect(compose.volumes, `${name} mounts ${source}`).toHaveProperty(source);
      }
    }
  });

  it('fronts the entry points with nginx: an upstream each, balanced as planned, max_fails, published ports', () => {
    const nginx = files.get('nginx.conf');
    // The generated balancer, or the component that is the load balancer (deploy.loadBalancer).
    const lb = Object.values(compose.services).find((svc) => (svc.volumes ?? []).includes('./nginx.conf:/etc/nginx/nginx.conf:ro'));
    if (!nginx) {
      expect(lb).toBeUndefined();
      return;
    }
    expect(nginxProblems(nginx)).toEqual([]);
    const upstreams = [...nginx.matchAll(/upstream ([a-z0-9-]+) \{/g)].map((m) => m[1]);
    expect(upstreams.length).toBeGreaterThan(0);
    for (const u of upstreams) {
      expect(compose.services, `upstream ${u}`).toHaveProperty(u!);
      expect(lb!.depends_on).toHaveProperty(u!);
    }
    // Each upstream balances as the plan sized its member (least-request, random, round-robin: nginx's default).
    const directive: Record<string, string | null> = { 'least-request': 'least_conn;', random: 'random;', 'round-robin': null };
    for (const m of nginx.matchAll(/upstream ([a-z0-9-]+) \{\n((?:.*\n)*?)\s*\}/g)) {
      const member = phase.components.find((k) => k.name === m[1]);
      if (!member) continue; // an upstream over several members (a load balancer component)
      const want = directive[member.detail.balancing as string];
      const got = /^\s*(least_conn;|random;)$/m.exec(m[2]!)?.[1] ?? null;
      expect(got, `upstream ${m[1]} (${String(member.detail.balancing)})`).toBe(want === undefined ? 'least_conn;' : want);
    }
    expect(nginx).toMatch(/max_fails=\d+ fail_timeout=\d+s/);
    const listens = [...nginx.matchAll(/listen (\d+);/g)].map((m) => m[1]);
    expect(lb!.ports!.map((p) => p.split(':')[1])).toEqual(listens);
    const published = lb!.ports!.map((p) => p.split(':')[0]);
    expect(new Set(published).size, 'distinct host ports').toBe(published.length);
    expect(lb!.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
  });
});

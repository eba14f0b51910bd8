/**
 * Every quantity an emitted manifest carries is finite and within Kubernetes' range (issue #19):
 * a profile whose derived quantity would overflow (`retention: 1000 years` of terabyte writes, a
 * zettabyte of memory) is refused with the position of the value behind it (exit 2), and the
 * emitters assert the same (internal error). A fuzz test emits generated stacks, from the
 * ordinary to the largest values validation accepts, and parses every quantity with the grammar
 * of k8s.io/apimachinery resource.Quantity.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { main } from '../../src/cli/main.js';
import { emitCompose } from '../../src/emit/compose.js';
import { emitK8s } from '../../src/emit/k8s.js';
import { quantityProblems } from '../../src/emit/quantities.js';
import { cpuQuantity, integerText, K8S_QUANTITY, MAX_QUANTITY, memoryQuantity, storageQuantity } from '../../src/emit/units.js';
import { solve } from '../../src/plan/solve.js';

const box = mkdtempSync(join(tmpdir(), 'capplan-quantity-'));
afterAll(() => rmSync(box, { recursive: true, force: true }));

const SUFFIX: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
/** A Kubernetes quantity's value, or null when the text is not one (grammar, then |x| < 2^63). */
function quantityValue(text: string): number | null {
  if (!K8S_QUANTITY.test(text)) return null;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$/.exec(text)!;
  const n = Number(m[1]);
  const value = /^[eE][+-]?[\d.]/.test(m[2]!) ? n * 10 ** Number(m[2]!.slice(1)) : n * SUFFIX[m[2]!]!;
  return Math.abs(value) < MAX_QUANTITY ? value : null;
}

describe('the Kubernetes quantity grammar', () => {
  it('accepts the documented forms and refuses the rest', () => {
    for (const ok of ['1', '250m', '1.5Gi', '.5', '2.', '1e3', '1E-3', '+4k', '512Mi', '7Ei']) expect(quantityValue(ok), ok).not.toBeNull();
    for (const bad of ['InfinityGi', 'NaN', '1e+22Gi', '3.67e+22Gi', '1.5GiB', 'Gi', '', '1 Gi', '9Ei']) expect(quantityValue(bad), bad).toBeNull();
  });

  it('the emitters’ formatters stop with an internal error beyond the range, never write Infinity', () => {
    expect(() => storageQuantity(Infinity)).toThrow(/^internal: a storage quantity/);
    expect(() => storageQuantity(1e19)).toThrow(/outside Kubernetes' quantity range/);
    expect(() => memoryQuantity(Number.NaN)).toThrow(/^internal/);
    expect(() => cpuQuantity(1e17)).toThrow(/^internal/);
    expect(() => integerText(1e21)).toThrow(/^internal/);
    expect(storageQuantity(2 ** 62)).toBe('4294967296Gi');
    expect(integerText(1e18)).toBe('1000000000000000000');
  });
});

describe('capplan emit refuses a profile whose quantities overflow', () => {
  it('retention of terabyte writes over 1,000 years: exit 2 at the retention, nothing written', async () => {
    const file = join(box, 'ret.yaml');
    writeFileSync(file, 'apiVersion: capplan/v1\nname: ret\nworkload: { rps: 1e9/s }\ncomponents:\n  db: { kind: database, capacity: 1000/s, writesPerRequest: 1, bytesPerWrite: 1TB, retention: 1000 years }\n');
    let err = '';
    const e = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string) => ((err += String(c)), true)) as typeof process.stderr.write);
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((() => true) as typeof process.stdout.write);
    let code: number;
    try {
      code = await main(['--no-color', 'emit', 'k8s', file, '-o', join(box, 'out')]);
    } finally {
      e.mockRestore();
      o.mockRestore();
    }
    expect(code).toBe(2);
    expect(err).toMatch(/ret\.yaml:5:\d+ components\.db\.retention: the volume of one node, [\d.]+e\+\d+ bytes, is beyond what a manifest can carry/);
    expect(() => readdirSync(join(box, 'out'))).toThrow();
  });
});

/** Runs `capplan emit TARGET file -o out` in-process: exit code and stderr. */
async function emitRun(target: string, file: string, out: string): Promise<{ code: number; err: string }> {
  let err = '';
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(((c: string) => ((err += String(c)), true)) as typeof process.stderr.write);
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((() => true) as typeof process.stdout.write);
  try {
    return { code: await main(['--no-color', 'emit', target, file, '-o', out]), err };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}

describe('capplan emit refuses limits below their requests (Kubernetes and Docker refuse such a container)', () => {
  it('a CPU and a memory limit under resources: exit 2 at each limit, for k8s and compose, nothing written', async () => {
    const file = join(box, 'limits.yaml');
    writeFileSync(file, 'apiVersion: capplan/v1\nname: lim\nworkload: { rps: 100/s }\ncomponents:\n  api:\n    kind: service\n    serviceTime: 10ms\n    resources: { cpu: 1, memory: 1Gi }\n    deploy: { limits: { cpu: 500m, memory: 512Mi } }\n');
    for (const target of ['k8s', 'compose']) {
      const { code, err } = await emitRun(target, file, join(box, `lim-${target}`));
      expect(code).toBe(2);
      expect(err).toContain('limits.yaml:9:30 components.api.deploy.limits.cpu: the CPU limit 500m is below the CPU request 1000m (resources.cpu)');
      expect(err).toContain('limits.yaml:9:44 components.api.deploy.limits.memory: the memory limit 512Mi is below the memory request 1Gi (resources.memory)');
      expect(() => readdirSync(join(box, `lim-${target}`))).toThrow();
    }
  });

  it('a limit under the default request says so; a limit equal to the request once written is accepted', async () => {
    const low = join(box, 'limits-default.yaml');
    writeFileSync(low, 'apiVersion: capplan/v1\nname: lim\nworkload: { rps: 100/s }\ncomponents:\n  api: { kind: service, serviceTime: 10ms, deploy: { limits: { memory: 1Mi } } }\n');
    const refused = await emitRun('k8s', low, join(box, 'lim-default'));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/components\.api\.deploy\.limits\.memory: the memory limit 1Mi is below the memory request \S+ \(the default request for its kind; set resources\.memory\)/);
    const equal = join(box, 'limits-equal.yaml');
    writeFileSync(equal, 'apiVersion: capplan/v1\nname: lim\nworkload: { rps: 100/s }\ncomponents:\n  api: { kind: service, serviceTime: 10ms, resources: { cpu: 0.5, memory: 1GiB }, deploy: { limits: { cpu: 500m, memory: 1024Mi } } }\n');
    const ok = await emitRun('k8s', equal, join(box, 'lim-equal'));
    expect(ok.err).toBe(`wrote 2 files to ${join(box, 'lim-equal')} (phase "now"); next: kubectl apply -k ${join(box, 'lim-equal')}\n`);
    expect(ok.code).toBe(0);
  });
});

/** A generated stack: the magnitudes run from the ordinary to the largest validation accepts. */
const pow10 = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((e) => `1e${e}`);
const stack = fc.record({
  rps: pow10(0, 9),
  cpu: fc.constantFrom('100m', '2', '1000', '1e5'),
  memoryBytes: pow10(7, 21),
  bytesPerWrite: pow10(0, 21),
  retention: fc.constantFrom('1d', '365d', '100 years', '1000 years'),
  dataset: pow10(0, 21),
  nodeMemory: pow10(9, 21),
  limitBytes: fc.option(pow10(7, 21), { nil: undefined }),
  managed: fc.boolean(),
});

describe('fuzz: every emitted quantity is one Kubernetes can parse', () => {
  it('either the profile is refused at a position, or every quantity parses and stays in range', async () => {
    await fc.assert(
      fc.asyncProperty(stack, async (s) => {
        const text = `apiVersion: capplan/v1
name: fuzz
workload: { rps: ${s.rps}/s }
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, resources: { cpu: ${s.cpu}, memory: ${s.memoryBytes}B }${s.limitBytes ? `, deploy: { limits: { memory: ${s.limitBytes}B } }` : ''} }
  db: { kind: database, managed: ${s.managed}, capacity: 1000/s, writesPerRequest: 0.1, readsPerRequest: 1, bytesPerWrite: ${s.bytesPerWrite}B, retention: ${s.retention}, dataset: ${s.dataset}B, shards: { max: 4 } }
  cache: { kind: cache, capacity: 100000/s, opsPerRequest: 1, dataset: ${s.dataset}B, nodeMemory: ${s.nodeMemory}B }
`;
        const { profile } = await loadProfileText(text, 'fuzz.yaml');
        const plan = solve(profile);
        const phase = plan.phases[0]!;
        const opts = { phase: phase.name, targets: { zones: phase.targets.zones, memoryUtilization: phase.targets.memoryUtilization } };
        const problems = quantityProblems(phase);
        if (problems.length > 0) {
          // The emitters agree: they would stop (internal error) rather than write the value.
          expect(() => emitK8s(plan, { ...opts, namespace: null, alerts: true })).toThrow(/^internal/);
          return;
        }
        const files = emitK8s(plan, { ...opts, namespace: null, alerts: true });
        for (const [name, content] of files) {
          for (const doc of parseAllDocuments(content)) checkQuantities(doc.toJS(), name);
        }
        for (const [, content] of emitCompose(plan, opts)) expect(content).not.toMatch(/Infinity|NaN|\de\+\d/);
      }),
      { numRuns: 150 },
    );
  });
});

const QUANTITY_KEYS = new Set(['cpu', 'memory', 'storage', 'ephemeral-storage', 'nvidia.com/gpu', 'memoryPerUnit']);

/** Walks a manifest: every value under a quantity key must parse as a Kubernetes quantity. */
function checkQuantities(node: unknown, where: string): void {
  if (Array.isArray(node)) return node.forEach((n) => checkQuantities(n, where));
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (QUANTITY_KEYS.has(key) && (typeof value === 'string' || typeof value === 'number')) {
      expect(quantityValue(String(value)), `${where}: ${key}: ${value}`).not.toBeNull();
    } else checkQuantities(value, where);
  }
  for (const arg of ((node as { args?: unknown }).args as unknown[] | undefined) ?? []) expect(String(arg)).not.toMatch(/Infinity|NaN|^\d[\d.]*e\+\d+$/);
}

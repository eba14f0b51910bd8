/** Shared fixtures of the emitter tests: every bundled profile, planned once, and its emitted files. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadProfileFile } from '../../src/cli/profile-input.js';
import { emitCompose } from '../../src/emit/compose.js';
import type { EmitOptions } from '../../src/emit/context.js';
import { emitK8s, type K8sEmitOptions } from '../../src/emit/k8s.js';
import type { Profile } from '../../src/profile/load.js';
import { solve } from '../../src/plan/solve.js';
import type { Plan } from '../../src/plan/types.js';

/** Root of the repository. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Every bundled profile: profiles/*.yaml and profiles/templates/*.yaml. */
export const BUNDLED: readonly string[] = ['profiles', 'profiles/templates'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `${dir}/${f}`),
);

const cache = new Map<string, Promise<{ profile: Profile; plan: Plan }>>();

/** The validated profile and its plan (planned once per test file). */
export function planned(file: string): Promise<{ profile: Profile; plan: Plan }> {
  let hit = cache.get(file);
  if (!hit) {
    hit = loadProfileFile(join(ROOT, file)).then(({ profile }) => ({ profile, plan: solve(profile) }));
    cache.set(file, hit);
  }
  return hit;
}

/** Emit options of a phase, with its targets read from the profile as the command does. */
export function emitOptions(profile: Profile, phase: string): EmitOptions {
  const p = profile.phases.find((x) => x.name === phase);
  if (!p) throw new Error(`no phase ${phase}`);
  return { phase, targets: { zones: p.targets.zones, memoryUtilization: p.targets.memoryUtilization } };
}

/** Every (profile, phase) pair of the bundled profiles. */
export async function allPhases(): Promise<{ file: string; profile: Profile; plan: Plan; phase: string }[]> {
  const out: { file: string; profile: Profile; plan: Plan; phase: string }[] = [];
  for (const file of BUNDLED) {
    const { profile, plan } = await planned(file);
    for (const p of plan.phases) out.push({ file, profile, plan, phase: p.name });
  }
  return out;
}

/** Kubernetes files of a phase. */
export function k8sOf(profile: Profile, plan: Plan, phase: string, extra: Partial<K8sEmitOptions> = {}): Map<string, string> {
  return emitK8s(plan, { ...emitOptions(profile, phase), ...extra });
}

/** Compose files of a phase. */
export function composeOf(profile: Profile, plan: Plan, phase: string): Map<string, string> {
  return emitCompose(plan, emitOptions(profile, phase));
}

/** The documents of a YAML stream, failing on any parse error or warning. */
export function yamlDocuments(text: string, version: '1.1' | '1.2' = '1.2'): unknown[] {
  return parseAllDocuments(text, { version }).flatMap((doc) => {
    if (doc.errors.length || doc.warnings.length) throw new Error([...doc.errors, ...doc.warnings].map((e) => e.message).join('; '));
    return doc.contents === null ? [] : [doc.toJS({ maxAliasCount: 0 })];
  });
}

/** A Kubernetes object as the tests read it. */
export interface K8sDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, any>;
  data?: Record<string, string>;
  [k: string]: unknown;
}

/** The Kubernetes objects of the component files (not the kustomization). */
export function k8sObjects(files: ReadonlyMap<string, string>): { file: string; obj: K8sDoc }[] {
  const out: { file: string; obj: K8sDoc }[] = [];
  for (const [file, text] of files) {
    if (file === 'kustomization.yaml') continue;
    for (const obj of yamlDocuments(text)) out.push({ file, obj: obj as K8sDoc });
  }
  return out;
}

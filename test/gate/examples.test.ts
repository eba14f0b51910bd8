import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { profileInputs } from '../../src/gate/inputs.js';
import { resolvePolicy } from '../../src/gate/policy.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { parseSavedPlan } from '../../src/gate/saved-plan.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Parses YAML strictly (duplicate keys are errors) and returns the data. */
function yamlData(text: string, what: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  expect(doc.errors.map((e) => `${what}: ${e.message}`)).toEqual([]);
  expect(doc.warnings.map((e) => `${what}: ${e.message}`)).toEqual([]);
  return doc.toJS();
}

/** Every `uses:` in a workflow text. */
const usesOf = (text: string) => [...text.matchAll(/uses:\s*(\S+)(.*)$/gm)].map((m) => ({ ref: m[1]!, comment: m[2]!.trim() }));

// The CI gate document (docs/gate.md), linked from the README.
const README_SECTION = read('docs/gate.md');
const readmeYaml = [...README_SECTION.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('CI examples', () => {
  it('the GitHub workflow parses, pins its actions by commit and capplan by version, and gates with both formats', () => {
    const text = read('examples/github-actions/capplan.yml');
    const wf = yamlData(text, 'capplan.yml') as { on: unknown; permissions: Record<string, string>; jobs: { check: { steps: { run?: string; uses?: string }[] } }; env: Record<string, string> };
    expect(wf.on).toHaveProperty('pull_request');
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const uses = usesOf(text);
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) {
      expect(u.ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(u.comment).toMatch(/^# v\d+\.\d+\.\d+$/);
    }
    expect(wf.env.CAPPLAN).toMatch(/^capplan@\d+\.\d+\.\d+$/);
    const runs = wf.jobs.check.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('check "$PROFILE" --baseline "$BASELINE" --format github');
    expect(runs).toContain('--format markdown > capplan-comment.md');
    expect(runs).toContain('startswith("<!-- capplan-check -->")');
  });

  it('the GitLab job parses, pins its image and capplan, and keeps the comment as an artifact', () => {
    const ci = yamlData(read('examples/gitlab-ci/.gitlab-ci.yml'), '.gitlab-ci.yml') as { capplan: { image: string; variables: Record<string, string>; script: string[]; artifacts: { when: string; paths: string[] } } };
    expect(ci.capplan.image).toMatch(/^node:\d+\.\d+\.\d+-[a-z]+-slim$/);
    expect(ci.capplan.variables.CAPPLAN).toMatch(/^capplan@\d+\.\d+\.\d+$/);
    expect(ci.capplan.script.join('\n')).toContain('--format markdown > capplan-comment.md; code=$?');
    expect(ci.capplan.script.at(-1)).toBe('exit $code');
    expect(ci.capplan.artifacts).toMatchObject({ when: 'always', paths: ['capplan-comment.md'] });
    const check = spawnSync(process.execPath, ['--check', join(root, 'examples/gitlab-ci/post-mr-note.mjs')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('the README section’s workflow parses and pins the same actions as the example', () => {
    expect(readmeYaml.length).toBeGreaterThanOrEqual(2);
    for (const [i, block] of readmeYaml.entries()) yamlData(block, `README CI gate section, yaml block ${i + 1}`);
    const workflow = readmeYaml.find((b) => b.includes('runs-on:'))!;
    expect(usesOf(workflow)).toEqual(usesOf(read('examples/github-actions/capplan.yml')));
  });

  it('the example profile passes the gate against its committed baseline', async () => {
    const { profile, plan } = await planProfileFile(join(root, 'examples/capplan.yaml'));
    const lock = parseSavedPlan(read('examples/capplan.lock.json'), 'examples/capplan.lock.json');
    if (!lock.ok) throw new Error(lock.diagnostics.map(renderDiagnostic).join("\n"));
    const result = evaluateGates(plan, lock.summary, resolvePolicy(profile.input.gates), { inputs: profileInputs(profile) });
    const why = result.findings.map((f) => `${f.level} ${f.phase}/${f.component ?? '-'}: ${f.message}`);
    // If sizing or prices changed on purpose: cd examples && capplan check capplan.yaml --baseline capplan.lock.json --update-baseline
    expect(why, 'regenerate examples/capplan.lock.json if the change is intended').toEqual([]);
    expect(result.status).toBe('pass');
    // As a user copying the example sees it, no setting moved (the committed lock once still
    // held a defaulted `perRequest: 1`: "moved in now: api: perRequest 1 → (unset)").
    expect(result.phases.map((p) => p.moved), 'regenerate examples/capplan.lock.json').toEqual(result.phases.map(() => null));
  });
});

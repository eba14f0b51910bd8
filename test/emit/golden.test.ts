/**
 * Golden manifests, reviewed as diffs: litper's Kubernetes output (first phase, with alerts) and
 * free-intelligence's Compose output (first phase). Regenerate on purpose with
 * `UPDATE_GOLDEN=1 npx vitest run test/emit/golden.test.ts`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, composeOf, k8sOf, planned } from './helpers.js';

const GOLDEN = join(ROOT, 'test/golden/manifests');
const update = process.env.UPDATE_GOLDEN === '1';

async function emitted(name: string): Promise<Map<string, string>> {
  if (name === 'litper-k8s') {
    const { profile, plan } = await planned('profiles/litper.yaml');
    return k8sOf(profile, plan, plan.phases[0]!.name, { alerts: true });
  }
  const { profile, plan } = await planned('profiles/free-intelligence.yaml');
  return composeOf(profile, plan, plan.phases[0]!.name);
}

describe.each(['litper-k8s', 'free-intelligence-compose'])('golden %s', (name) => {
  it('matches the files under test/golden/manifests', async () => {
    const files = await emitted(name);
    const dir = join(GOLDEN, name);
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of files) writeFileSync(join(dir, file), text);
    }
    expect([...files.keys()].sort()).toEqual(readdirSync(dir).sort());
    for (const [file, text] of files) expect(text, `${name}/${file}`).toBe(readFileSync(join(dir, file), 'utf8'));
  });

  it('is the same bytes on every run', async () => {
    const [a, b] = [await emitted(name), await emitted(name)];
    expect([...a.entries()]).toEqual([...b.entries()]);
  });
});

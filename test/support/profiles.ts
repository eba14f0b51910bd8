/** Paths of every bundled profile and template, sorted. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const profilesDir = fileURLToPath(new URL('../../profiles/', import.meta.url));

/** Absolute paths of profiles/*.yaml and profiles/templates/*.yaml. */
export async function bundledProfiles(): Promise<string[]> {
  const top = (await readdir(profilesDir)).filter((f) => f.endsWith('.yaml')).map((f) => `${profilesDir}${f}`);
  const templates = (await readdir(`${profilesDir}templates`)).filter((f) => f.endsWith('.yaml')).map((f) => `${profilesDir}templates/${f}`);
  return [...top, ...templates].sort();
}

/** The texts of profiles/*.yaml, then of seeded synthetic profiles (scripts/synthetic-profile.mjs, the bench's), each with a name. */
export async function profileTexts(synthetic: { components: number; phases: number; seeds: readonly number[] }): Promise<[string, string][]> {
  const bundled = (await readdir(profilesDir)).filter((f) => f.endsWith('.yaml')).sort();
  const texts = await Promise.all(bundled.map(async (f): Promise<[string, string]> => [f, await readFile(`${profilesDir}${f}`, 'utf8')]));
  // The generator is a plain script (no types).
  const { syntheticProfile } = (await import('../../scripts/synthetic-profile.mjs' as string)) as { syntheticProfile: (o: { components: number; phases: number; seed: number }) => string };
  return [...texts, ...synthetic.seeds.map((seed): [string, string] => [`synthetic seed ${seed}`, syntheticProfile({ components: synthetic.components, phases: synthetic.phases, seed })])];
}

/** The bundled profiles' and templates' paths, then seeded synthetic profiles written into `dir` (a test's temporary folder). */
export async function profileFiles(dir: string, synthetic: { components: number; phases: number; seeds: readonly number[] }): Promise<string[]> {
  const files = await bundledProfiles();
  for (const [name, text] of (await profileTexts(synthetic)).filter(([n]) => n.startsWith('synthetic'))) {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    await writeFile(file, text);
    files.push(file);
  }
  return files;
}

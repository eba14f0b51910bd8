/** Paths of every bundled profile and template, sorted. */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const profilesDir = fileURLToPath(new URL('../../profiles/', import.meta.url));

/** Absolute paths of profiles/*.yaml and profiles/templates/*.yaml. */
export async function bundledProfiles(): Promise<string[]> {
  const top = (await readdir(profilesDir)).filter((f) => f.endsWith('.yaml')).map((f) => `${profilesDir}${f}`);
  const templates = (await readdir(`${profilesDir}templates`)).filter((f) => f.endsWith('.yaml')).map((f) => `${profilesDir}templates/${f}`);
  return [...top, ...templates].sort();
}

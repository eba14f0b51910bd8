/** The seed inputs the generators mutate: bundled profiles and templates, load-test fixtures, saved plans. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readSchemaKeys, type SchemaKeys } from './schema-keys.js';

/** A named seed text. */
export interface Seed {
  name: string;
  text: string;
}

/** A load-test seed: one file, or a directory of files (k6 writes one summary per VU level). */
export interface LoadTestSeed {
  name: string;
  files: Seed[];
}

/** Saved plans (`plan --json` output and baselines) with the profile each came from. */
export interface PlanSeed {
  name: string;
  text: string;
  profile: Seed;
}

/** Everything the generators start from. */
export interface Corpus {
  root: string;
  profiles: Seed[];
  loadTests: LoadTestSeed[];
  plans: PlanSeed[];
  keys: SchemaKeys;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));
}

/** Reads the profile and load-test seeds under the repository root (saved plans are added by the caller). */
export function readCorpus(root: string): Corpus {
  const profilePaths = [...yamlFiles(join(root, 'profiles')), ...yamlFiles(join(root, 'profiles/templates')), join(root, 'examples/capplan.yaml')];
  const profiles = profilePaths.map((p) => ({ name: relative(root, p), text: readFileSync(p, 'utf8') }));
  const loadDir = join(root, 'test/fixtures/loadtools');
  const loadTests: LoadTestSeed[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (entry === 'generators' || entry.endsWith('.md')) continue;
      if (statSync(full).isDirectory()) {
        if (entry.startsWith('k6-')) {
          const files = readdirSync(full).sort().map((f) => ({ name: f, text: readFileSync(join(full, f), 'utf8') }));
          loadTests.push({ name: relative(loadDir, full), files });
          for (const f of files) loadTests.push({ name: `${relative(loadDir, full)}/${f.name}`, files: [f] });
        } else walk(full);
      } else {
        loadTests.push({ name: relative(loadDir, full), files: [{ name: entry, text: readFileSync(full, 'utf8') }] });
      }
    }
  };
  walk(loadDir);
  return { root, profiles, loadTests, plans: [], keys: readSchemaKeys(root) };
}

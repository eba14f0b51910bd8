// Writes the committed JSON Schema and the profile reference in docs/profile-reference.md from the zod schema.
// Run with `npm run schema`; test/profile/json-schema.test.ts fails when either drifts.
import { readFile, writeFile } from 'node:fs/promises';
import { renderFieldReference, renderProfileJsonSchema, SCHEMA_PATH } from '../src/profile/json-schema.js';

const root = new URL('../', import.meta.url);
await writeFile(new URL(SCHEMA_PATH, root), renderProfileJsonSchema());
const readmeUrl = new URL('docs/profile-reference.md', root);
const readme = await readFile(readmeUrl, 'utf8');
const start = '<!-- profile-reference:start -->';
const end = '<!-- profile-reference:end -->';
const a = readme.indexOf(start);
const b = readme.indexOf(end);
if (a < 0 || b < a) throw new Error('docs/profile-reference.md lacks the profile-reference markers');
await writeFile(readmeUrl, `${readme.slice(0, a + start.length)}\n${renderFieldReference()}${readme.slice(b)}`);
process.stdout.write(`wrote ${SCHEMA_PATH} and the profile reference in docs/\n`);

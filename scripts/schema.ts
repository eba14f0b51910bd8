// Writes the committed JSON Schema, the gate's key → kind table and the profile reference in docs/profile-reference.md from the zod schema.
// Run with `npm run schema`; test/profile/json-schema.test.ts fails when either drifts.
import { readFile, writeFile } from 'node:fs/promises';
import { INPUT_KINDS_PATH, renderInputKinds, renderProfileReference, renderProfileJsonSchema, SCHEMA_PATH } from '../src/profile/json-schema.js';
import { renderInputRules } from '../src/profile/reference-doc.js';

const root = new URL('../', import.meta.url);
await writeFile(new URL(SCHEMA_PATH, root), renderProfileJsonSchema());
await writeFile(new URL(INPUT_KINDS_PATH, root), renderInputKinds());
const readmeUrl = new URL('docs/profile-reference.md', root);
let readme = await readFile(readmeUrl, 'utf8');
for (const [name, render] of [['profile-reference', renderProfileReference], ['input-rules', renderInputRules]] as const) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/profile-reference.md lacks the ${name} markers`);
  readme = `${readme.slice(0, a + start.length)}\n${render()}${readme.slice(b)}`;
}
await writeFile(readmeUrl, readme);
process.stdout.write(`wrote ${SCHEMA_PATH}, ${INPUT_KINDS_PATH} and the profile reference in docs/\n`);

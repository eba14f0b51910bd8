// Posts a Markdown file as a merge-request note, or updates the note capplan posted before
// (found by the `<!-- capplan-check -->` marker on its first line). GitLab CI only: reads
// CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID and CAPPLAN_NOTE_TOKEN. Node 20+, no deps.
// Usage: node ci/capplan-post-mr-note.mjs capplan-comment.md
import { readFile } from 'node:fs/promises';

const MARKER = '<!-- capplan-check -->';
const { CI_API_V4_URL: api, CI_PROJECT_ID: project, CI_MERGE_REQUEST_IID: mr, CAPPLAN_NOTE_TOKEN: token } = process.env;
if (!api || !project || !mr || !token) {
  console.error('post-mr-note: needs CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID and CAPPLAN_NOTE_TOKEN');
  process.exit(2);
}
const body = await readFile(process.argv[2] ?? 'capplan-comment.md', 'utf8');
const base = `${api}/projects/${encodeURIComponent(project)}/merge_requests/${mr}/notes`;
const headers = { 'PRIVATE-TOKEN': token, 'Content-Type': 'application/json' };

async function call(method, url, payload) {
  const res = await fetch(url, { method, headers, ...(payload ? { body: JSON.stringify(payload) } : {}) });
  if (!res.ok) throw new Error(`${method} ${url.replace(api, '')}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

let existing;
for (let page = 1; !existing && page <= 20; page++) {
  const notes = await call('GET', `${base}?per_page=100&page=${page}&sort=asc`);
  existing = notes.find((n) => typeof n.body === 'string' && n.body.startsWith(MARKER));
  if (notes.length < 100) break;
}
if (existing) await call('PUT', `${base}/${existing.id}`, { body });
else await call('POST', base, { body });
console.log(`post-mr-note: ${existing ? 'updated' : 'posted'} the capplan note on !${mr}`);

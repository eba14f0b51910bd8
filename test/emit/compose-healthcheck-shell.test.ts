/**
 * The Compose health check runs: its CMD-SHELL string, read from the emitted compose.yaml and
 * unescaped as Compose does (`$$` is a literal `$`), is run by /bin/sh with stub `wget` and
 * `curl` on PATH that record their arguments. A readiness path with `&`, `;`, `'`, `$`, `?` or
 * `=` must reach wget as one intact URL, and the check must fail when the service is down (the
 * tester's `/health?full=1&deps=db` passed: sh backgrounded wget at the `&`).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { COMPOSE_FILE, emitCompose } from '../../src/emit/compose.js';
import { httpCheck } from '../../src/emit/compose-parts.js';
import { solve } from '../../src/plan/solve.js';
import { emitOptions, yamlDocuments } from './helpers.js';

const SH = '/bin/sh';
const HAVE_SH = existsSync(SH);
if (!HAVE_SH) console.warn(`compose-healthcheck-shell: ${SH} is absent, so the health checks are not run`);

/** A profile with one service whose readiness probe is at `path` (written as a YAML double-quoted string). */
function profileText(path: string): string {
  return `apiVersion: capplan/v1
name: hc
workload: { rps: 50/s }
components:
  api:
    kind: service
    serviceTime: 10ms
    workers: 8
    deploy:
      readiness: ${JSON.stringify(path)}
`;
}

/** The healthcheck test of the `api` service as the Compose file holds it. */
async function emittedCheck(path: string): Promise<string[]> {
  const { profile } = await loadProfileText(profileText(path), 'hc.yaml');
  const files = emitCompose(solve(profile), emitOptions(profile, 'now'));
  const [doc] = yamlDocuments(files.get(COMPOSE_FILE)!) as { services: Record<string, { healthcheck: { test: string[] } }> }[];
  return doc!.services.api!.healthcheck.test;
}

/**
 * A value as Compose hands it to the container: `$$` becomes `$`. Any other `$` would be
 * interpolated from the environment (`$VAR`, `${VAR}`), so the emitter must never leave one.
 */
function composeValue(text: string): string {
  return text.replace(/\$(\$)?/g, (m, dollar: string | undefined) => {
    if (dollar) return '$';
    throw new Error(`a lone $ in ${JSON.stringify(text)}: Compose would interpolate it`);
  });
}

const dir = mkdtempSync(join(tmpdir(), 'capplan-hc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bin = join(dir, 'bin');
const log = join(dir, 'log');
mkdirSync(bin);
mkdirSync(log);
for (const tool of ['wget', 'curl']) {
  // Records its arguments NUL-separated, then fails (nothing listens) unless told to succeed.
  writeFileSync(join(bin, tool), `#!/bin/sh\nprintf '%s\\0' "$@" > "$LOG/${tool}"\nexit "\${${tool.toUpperCase()}_EXIT:-1}"\n`);
  chmodSync(join(bin, tool), 0o755);
}

/** Runs a CMD-SHELL string as the container would (`sh -c`), with only the stubs on PATH; its exit code and what each stub was called with. */
function runCheck(command: string, env: Record<string, string> = {}): { code: number | null; wget: string[] | null; curl: string[] | null } {
  for (const tool of ['wget', 'curl']) rmSync(join(log, tool), { force: true });
  const r = spawnSync(SH, ['-c', command], { cwd: dir, env: { PATH: bin, LOG: log, ...env }, encoding: 'utf8', timeout: 10_000 });
  const argv = (tool: string) => (existsSync(join(log, tool)) ? readFileSync(join(log, tool), 'utf8').split('\0').slice(0, -1) : null);
  return { code: r.status, wget: argv('wget'), curl: argv('curl') };
}

// Shell syntax in a query or path: each once, and the tester's own path.
const PATHS = [
  '/health?full=1&deps=db',
  '/h;true',
  "/it's?ok='1'",
  '/cost$HOME?x=$(id)&y=$PATH$$',
  '/a?b=c=d&&e;f',
  '/q?*=(1)&!x=~y,z+@w:v',
  '/p%20q/%25',
];

describe.skipIf(!HAVE_SH)('the Compose health check in sh', () => {
  it.each(PATHS)('%s: fails while the service is down, and wget gets the URL intact', async (path) => {
    const [form, command] = await emittedCheck(path);
    expect(form).toBe('CMD-SHELL');
    const url = `http://127.0.0.1:8080${path}`;
    const down = runCheck(composeValue(command!));
    expect(down.code).not.toBe(0);
    expect(down.wget).toEqual(['-q', '-O', '/dev/null', url]);
    expect(down.curl).toEqual(['-fsS', '-o', '/dev/null', url]);
  });

  it('passes when wget fetches the path, and falls back to curl when wget fails', async () => {
    const [, command] = await emittedCheck(PATHS[0]!);
    const url = `http://127.0.0.1:8080${PATHS[0]}`;
    const up = runCheck(composeValue(command!), { WGET_EXIT: '0' });
    expect(up).toEqual({ code: 0, wget: ['-q', '-O', '/dev/null', url], curl: null });
    const byCurl = runCheck(composeValue(command!), { CURL_EXIT: '0' });
    expect(byCurl).toEqual({ code: 0, wget: ['-q', '-O', '/dev/null', url], curl: ['-fsS', '-o', '/dev/null', url] });
  });

  it('a plain path is written as before, unquoted (the bundled profiles’ files do not change)', async () => {
    const [, command] = await emittedCheck('/ready');
    expect(command).toBe('wget -q -O /dev/null http://127.0.0.1:8080/ready || curl -fsS -o /dev/null http://127.0.0.1:8080/ready || exit 1');
  });

  it('any path of URL characters reaches wget intact and fails the check while the service is down', () => {
    // Every character an HTTP path may hold (kinds/deploy.ts), and escapes; httpCheck directly, a plan per case would be slow.
    const urlChar = fc.constantFrom(...`-._~!$&'()*+,;=:@/?abcXYZ019`.split(''), '%2F', '%20');
    fc.assert(
      fc.property(fc.array(urlChar, { maxLength: 24 }), fc.integer({ min: 1, max: 65535 }), (chars, port) => {
        const path = `/${chars.join('')}`;
        const [, command] = httpCheck(port, path).test as string[];
        const r = runCheck(composeValue(command!));
        expect(r.code).not.toBe(0);
        expect(r.wget).toEqual(['-q', '-O', '/dev/null', `http://127.0.0.1:${port}${path}`]);
      }),
      { numRuns: 40 },
    );
  });
});

// Packs capplan and runs the tarball the way a user would, on a clean machine: `npm pack` into an
// empty folder, then there, with an empty npm cache, `npx --yes ./capplan-<v>.tgz size …`. Asserts the
// package has no runtime dependencies, ships only what `files` lists (the bundle, not src/), and
// that the one-off sizing prints the expected answer and exits 0. Uses the current dist/ (run
// `npm run build` first, as `npm test` does): `npm pack --ignore-scripts` does not rebuild it.
// Usage: node scripts/pack-smoke.mjs [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
check(Object.keys(pkg.dependencies ?? {}).length === 0, `package.json has runtime dependencies (${Object.keys(pkg.dependencies ?? {}).join(', ')}): everything must be bundled into dist/`);
check(pkg.bin?.capplan === 'bin/capplan.js', 'package.json bin.capplan is not bin/capplan.js');
check(Array.isArray(pkg.files) && pkg.files.includes('dist/') && pkg.files.includes('bin/'), 'package.json files must list bin/ and dist/');
if (!existsSync(join(root, 'dist', 'main.cjs'))) {
  process.stderr.write('pack-smoke: dist/main.cjs is missing; run `npm run build` first\n');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'capplan-pack-'));
const folder = join(work, 'project');
mkdirSync(folder);
// A clean machine: an empty npm cache and an empty cache directory (capplan's code caches go to
// $XDG_CACHE_HOME/capplan, so nothing is left in the user's), no update check, no audit or funding calls.
const cacheHome = join(work, 'xdg-cache');
const env = {
  ...process.env,
  XDG_CACHE_HOME: cacheHome,
  npm_config_cache: join(work, 'npm-cache'),
  npm_config_update_notifier: 'false',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_loglevel: 'error',
  NO_COLOR: '1',
};
delete env.FORCE_COLOR;
delete env.NODE_COMPILE_CACHE;

function run(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', shell: process.platform === 'win32', timeout: 120_000 });
  return { ...r, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

try {
  const packed = run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', folder], root);
  if (packed.status !== 0) throw new Error(`npm pack failed (${packed.status}):\n${packed.stderr}`);
  const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0];
  const files = info.files.map((f) => f.path);
  check(files.includes('bin/capplan.js') && files.includes('dist/main.cjs'), 'the tarball lacks bin/capplan.js or dist/main.cjs');
  const stray = files.filter((f) => /^(src|test|scripts|node_modules|\.ci|\.tmp)\//.test(f));
  check(stray.length === 0, `the tarball ships development files: ${stray.slice(0, 5).join(', ')}`);
  // npx takes `./x.tgz` as a package spec; an absolute path would be run as a command.
  const args = ['--yes', `./${info.filename}`, 'size', '--rps', '800', '--service-time', '20ms', '--workers', '4'];
  const first = run(npx, args, folder);
  check(first.status === 0, `npx … size exited ${first.status}: ${first.stderr}`);
  check(/^6 replicas \(binding: throughput\)$/m.test(first.stdout), `npx … size printed an unexpected answer:\n${first.stdout}`);
  check(/utilisation\s+67% at peak \(target 70%\)/.test(first.stdout), 'npx … size did not print the utilisation 67% at peak');
  const json = run(npx, [...args, '--json'], folder);
  let replicas;
  try {
    replicas = JSON.parse(json.stdout).replicas;
  } catch {
    replicas = undefined;
  }
  check(json.status === 0 && replicas === 6, `npx … size --json: exit ${json.status}, replicas ${replicas}:\n${json.stdout}${json.stderr}`);
  // On Node < 22 the installed launcher keeps its code cache there (Node 22 and later use their own compile cache).
  if (Number(process.versions.node.split('.')[0]) < 22) {
    const caches = existsSync(join(cacheHome, 'capplan')) ? readdirSync(join(cacheHome, 'capplan')) : [];
    check(caches.length === 1 && caches[0].endsWith('-size.v8'), `the installed launcher did not write one size code cache under $XDG_CACHE_HOME/capplan: ${caches.join(', ') || 'none'}`);
  }

  if (problems.length) throw new Error(problems.join('\n'));
  process.stdout.write(
    `pack-smoke: ok: ${info.filename} (${(info.size / 1024).toFixed(0)} kB, ${files.length} files, no runtime dependencies) ran through npx in an empty folder: ` +
      `first run ${first.ms.toFixed(0)} ms (empty cache), second ${json.ms.toFixed(0)} ms\n`,
  );
} catch (error) {
  process.stderr.write(`pack-smoke: FAILED\n${error.message}\n`);
  process.exitCode = 1;
} finally {
  if (keep) process.stderr.write(`pack-smoke: kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}

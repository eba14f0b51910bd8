import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';

async function problems(deploy: string): Promise<string[]> {
  const text = `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
components:
  api:
    kind: service
    capacity: 100/s
    deploy: { ${deploy} }
`;
  try {
    await loadProfileText(text, 'p.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.map((d) => renderDiagnostic(d).replace(/^p\.yaml:\d+:\d+ /, ''));
    throw error;
  }
  return [];
}

describe('deploy values the manifests could not carry', () => {
  it('an autoscaler stabilisation window over the hour Kubernetes allows is refused, not written as 7200 s for kubectl to reject', async () => {
    expect(await problems('scaleDownWindow: 2h')).toEqual(['components.api.deploy.scaleDownWindow: must be at most 60 min (got 2 h)']);
    expect(await problems('scaleUpWindow: 100d')).toEqual(['components.api.deploy.scaleUpWindow: must be at most 60 min (got 100 d)']);
    expect(await problems('scaleDownWindow: 1h, scaleUpWindow: 0s')).toEqual([]);
  });
  it('an empty image or metric name, or an image with a space, says what is expected, not zod’s "Too small: expected string to have >=1 characters"', async () => {
    expect(await problems("image: ''")).toEqual(['components.api.deploy.image: an image name without spaces, e.g. ghcr.io/acme/api:1.4']);
    expect(await problems("image: 'acme api:1.4'")).toEqual(['components.api.deploy.image: an image name without spaces, e.g. ghcr.io/acme/api:1.4']);
    expect(await problems('image: ghcr.io/acme/api:1.4')).toEqual([]);
    expect(await problems("rpsMetric: { name: '', target: 10/s }")).toEqual(['components.api.deploy.rpsMetric.name: a metric name, e.g. http_requests_per_second (not empty)']);
  });
  it('a probe path must be a URL path and query: a space, a fragment, a stray %, a glob or a non-ASCII character is refused at the key', async () => {
    expect(await problems("readiness: '/h z'")).toEqual(['components.api.deploy.readiness: an HTTP path cannot hold a space: write it as %20']);
    expect(await problems("liveness: { path: '/h?x=1#top' }")).toEqual([
      'components.api.deploy.liveness.path: an HTTP path cannot hold "#": it starts a fragment, which is never sent to the server (write %23 for a literal #)',
    ]);
    expect(await problems("readiness: '/h?q=100%'")).toEqual(['components.api.deploy.readiness: an HTTP path cannot hold a "%" that does not begin an escape such as %20: write %25 for a literal %']);
    expect(await problems("readiness: '/h%zz'")).toEqual(['components.api.deploy.readiness: an HTTP path cannot hold a "%" that does not begin an escape such as %20: write %25 for a literal %']);
    expect(await problems("readiness: '/h{a,b}'")).toEqual(['components.api.deploy.readiness: an HTTP path cannot hold "{": write it percent-encoded, as %7B']);
    expect(await problems("readiness: '/h|x'")).toEqual(['components.api.deploy.readiness: an HTTP path cannot hold "|": write it percent-encoded, as %7C']);
    expect(await problems("readiness: '/santé'")).toEqual(['components.api.deploy.readiness: an HTTP path cannot hold "é": write it percent-encoded, as %C3%A9']);
    expect(await problems('readiness: "/h\\tx"')).toEqual(['components.api.deploy.readiness: an HTTP path cannot hold a control character (U+0009)']);
    expect(await problems("readiness: 'health'")).toEqual(['components.api.deploy.readiness: an HTTP path starting with /']);
  });
  it('a probe path may hold every URL character, those a shell reads included (the Compose check quotes them)', async () => {
    for (const path of ['/', '/health?full=1&deps=db', "/it's", '/a;b', '/cost$x?y=(1)*2!', '/~u/@me:8,+', '/%C3%A9?q=%25']) {
      expect(await problems(`readiness: ${JSON.stringify(path)}, liveness: { path: ${JSON.stringify(path)} }`), path).toEqual([]);
    }
  });
  it('probe delays and periods and the upstream fail timeout are at most 24 h, not written as seconds past the int32 Kubernetes reads', async () => {
    expect(await problems('liveness: { path: /h, initialDelay: 100000d, period: 30000d }')).toEqual([
      'components.api.deploy.liveness.initialDelay: must be at most 24 h (got 100,000 d)',
      'components.api.deploy.liveness.period: must be at most 24 h (got 30,000 d)',
    ]);
    expect(await problems('readiness: { path: /h, initialDelay: 25h }')).toEqual(['components.api.deploy.readiness.initialDelay: must be at most 24 h (got 25 h)']);
    expect(await problems('upstream: { failTimeout: 2d }')).toEqual(['components.api.deploy.upstream.failTimeout: must be at most 24 h (got 2 d)']);
    expect(await problems('liveness: { path: /h, initialDelay: 24h, period: 1d }, readiness: { path: /r, initialDelay: 0s, period: 86400s }, upstream: { failTimeout: 24h }')).toEqual([]);
  });
});

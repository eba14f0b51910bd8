/** The HTTP edge: retries with backoff on 5xx and network errors, no retry on PromQL errors, timeouts. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuthOf, httpSource, parseBaseUrl } from '../../src/cli/prometheus-http.js';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = null;
});

/** A server answering each request with the next of `replies` (the last repeats); returns its URL, the request count and the Authorization headers seen. */
async function serve(replies: { status: number; body: string }[] | 'hang'): Promise<{ url: string; count: () => number; auth: (string | undefined)[] }> {
  let n = 0;
  const auth: (string | undefined)[] = [];
  server = createServer((req, res) => {
    n++;
    auth.push(req.headers.authorization);
    if (replies === 'hang') return;
    const r = replies[Math.min(n - 1, replies.length - 1)]!;
    res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, count: () => n, auth };
}

const OK = JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, '2.5'] }] } });

describe('httpSource', () => {
  it('retries a 503 after 0.5 s and then answers', async () => {
    const s = await serve([{ status: 503, body: 'overloaded' }, { status: 200, body: OK }]);
    const notes: string[] = [];
    const data = await httpSource(s.url, 2, 2, (t) => notes.push(t)).instant('up', 1);
    expect(data).toEqual({ resultType: 'vector', result: [{ metric: {}, value: [1, '2.5'] }] });
    expect(s.count()).toBe(2);
    expect(notes).toEqual([`HTTP 503 Service Unavailable from ${s.url}; retrying in 0.5 s`]);
  });

  it("reports a PromQL error with Prometheus's message, without retrying", async () => {
    const s = await serve([{ status: 400, body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' }) }]);
    await expect(httpSource(s.url, 2, 3, () => undefined).instant('rate(', 1)).rejects.toMatchObject({ name: 'SourceError', message: 'Prometheus: bad_data: parse error at char 5' });
    expect(s.count()).toBe(1);
  });

  it('says when the server is not Prometheus', async () => {
    const s = await serve([{ status: 200, body: '<html>' }]);
    await expect(httpSource(s.url, 2, 0, () => undefined).instant('up', 1)).rejects.toThrow(/no JSON: is it a Prometheus server/);
    const nf = await (async () => {
      await new Promise((r) => server!.close(r));
      return serve([{ status: 404, body: 'not found' }]);
    })();
    await expect(httpSource(nf.url, 2, 0, () => undefined).range('up', 0, 1, 1)).rejects.toMatchObject({ hint: expect.stringContaining('path prefix') });
  });

  it('times out a silent server and gives up after the retries', async () => {
    const s = await serve('hang');
    await expect(httpSource(s.url, 0.2, 1, () => undefined).instant('up', 1)).rejects.toMatchObject({
      message: `Prometheus at ${s.url} is unreachable: no answer within 0.2 s (2 attempts)`,
    });
    expect(s.count()).toBe(2);
  });

  it('reports a refused connection', async () => {
    const s = await serve([{ status: 200, body: OK }]);
    const url = s.url;
    await new Promise((r) => server!.close(r));
    server = null;
    await expect(httpSource(url, 1, 0, () => undefined).instant('up', 1)).rejects.toMatchObject({ message: `Prometheus at ${url} is unreachable: ECONNREFUSED (1 attempt)` });
  });

  it('takes a base URL with a path prefix and refuses what is not one', () => {
    expect(parseBaseUrl('http://prom:9090/')).toBe('http://prom:9090');
    expect(parseBaseUrl('https://host/prometheus/')).toBe('https://host/prometheus');
    expect(() => parseBaseUrl('prom:9090')).toThrow(/not an http\(s\) URL/);
    expect(() => parseBaseUrl('nonsense')).toThrow(/not a URL/);
    expect(() => parseBaseUrl('http://prom:9090/?x=1')).toThrow(/without a query/);
  });

  it('sends a URL’s user and password as basic auth, and prints the URL without them', async () => {
    // fetch refused a URL with credentials, and the error echoed the password; the base URL
    // also went into the output, --save recordings and the overlay's header.
    expect(parseBaseUrl('http://admin:s%40cret@prom:9090/')).toBe('http://prom:9090');
    expect(basicAuthOf('http://admin:s%40cret@prom:9090')).toBe(`Basic ${Buffer.from('admin:s@cret').toString('base64')}`);
    expect(basicAuthOf('http://prom:9090')).toBeNull();
    expect(() => parseBaseUrl('ftp://admin:hunter2@prom')).toThrow('--prometheus ftp://***@prom: not an http(s) URL');
    const s = await serve([{ status: 200, body: OK }]);
    const withUser = s.url.replace('http://', 'http://admin:s%40cret@');
    const data = await httpSource(parseBaseUrl(withUser), 2, 0, () => undefined, basicAuthOf(withUser)).instant('up', 1);
    expect(data).toEqual({ resultType: 'vector', result: [{ metric: {}, value: [1, '2.5'] }] });
    expect(s.auth).toEqual([`Basic ${Buffer.from('admin:s@cret').toString('base64')}`]);
    await httpSource(parseBaseUrl(s.url), 2, 0, () => undefined).instant('up', 1);
    expect(s.auth[1]).toBeUndefined();
  });
});

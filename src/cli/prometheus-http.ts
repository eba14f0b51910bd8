/** The HTTP edge of `capplan observe`: Prometheus's query API over Node's fetch. */
import { parseApiResponse, SourceError, type QuerySource } from '../observe/source.js';
import { UsageError } from './errors.js';

/** A URL as printed: any user and password replaced by "***", so they reach no log, recording or overlay. */
function redacted(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1***@');
}

/**
 * The Prometheus base URL without a trailing slash and without credentials (they go in the
 * Authorization header, see basicAuthOf); an http(s) URL or a usage error.
 */
export function parseBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--prometheus ${redacted(text)}: not a URL`, 'for example: http://localhost:9090');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--prometheus ${redacted(text)}: not an http(s) URL`);
  if (url.search || url.hash) throw new UsageError(`--prometheus ${redacted(text)}: give the server's base URL, without a query or fragment`);
  url.username = '';
  url.password = '';
  return url.href.replace(/\/+$/, '');
}

/**
 * HTTP basic authentication from the user and password of a `--prometheus` URL
 * (http://user:secret@host:9090), as Prometheus's own web.yml and most proxies in front of it
 * take it: `Basic base64(user:password)`, percent-escapes decoded; null without a user.
 */
export function basicAuthOf(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username === '' && url.password === '') return null;
  return `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
}

/**
 * Queries the Prometheus HTTP API (prometheus.io/docs/prometheus/latest/querying/api/). Each
 * request has a timeout; network errors, timeouts, 429 and 5xx answers are retried after
 * 0.5 s, 1 s, 2 s, … (exponential backoff); a PromQL error (400, 422) is not retried.
 * `authorization` is sent with every request (basic auth from the URL); `base` carries no credentials.
 */
export function httpSource(base: string, timeoutS: number, retries: number, note: (text: string) => void, authorization: string | null = null): QuerySource {
  const headers: Record<string, string> = { accept: 'application/json', ...(authorization !== null ? { authorization } : {}) };
  const get = async (path: string, params: Record<string, string>) => {
    const url = `${base}${path}?${new URLSearchParams(params).toString()}`;
    for (let attempt = 0; ; attempt++) {
      let problem: string;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(timeoutS * 1000), headers });
        const body = await res.text();
        if (res.ok || res.status === 400 || res.status === 422) {
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            throw new SourceError(`${base} answered HTTP ${res.status} with no JSON: is it a Prometheus server?`, 'give the base URL of Prometheus (the one whose /graph page you open)');
          }
          return parseApiResponse(json);
        }
        if (res.status !== 429 && res.status < 500) {
          throw new SourceError(`${base}${path} answered HTTP ${res.status} ${res.statusText}`, res.status === 404 ? 'give the base URL of Prometheus (add its path prefix, e.g. http://host/prometheus)' : undefined);
        }
        problem = `HTTP ${res.status} ${res.statusText}`;
      } catch (error) {
        if (error instanceof SourceError) throw error;
        const e = error as Error & { cause?: { code?: string; message?: string } };
        problem = e.name === 'TimeoutError' ? `no answer within ${timeoutS} s` : e.cause?.code ?? e.cause?.message ?? e.message;
      }
      if (attempt >= retries) {
        throw new SourceError(`Prometheus at ${base} is unreachable: ${problem} (${attempt + 1} attempt${attempt === 0 ? '' : 's'})`, 'check --prometheus and that the server runs; raise --timeout for a slow server, or replay a recording with --from');
      }
      const delayS = 0.5 * 2 ** attempt;
      note(`${problem} from ${base}; retrying in ${delayS} s`);
      await new Promise((r) => setTimeout(r, delayS * 1000));
    }
  };
  return {
    instant: (query, time) => get('/api/v1/query', { query, time: String(time) }),
    range: (query, start, end, step) => get('/api/v1/query_range', { query, start: String(start), end: String(end), step: String(step) }),
  };
}


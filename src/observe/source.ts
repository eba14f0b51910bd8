/**
 * Where query results come from: the Prometheus HTTP API (the command layer supplies the
 * transport) or a recording of an earlier run (`--save`, `--from`). Response parsing, the
 * recorder and the replayer are pure.
 */

/** An instant or range query result (the `data` member of a Prometheus API response). */
export type PromData =
  | { resultType: 'vector'; result: { metric: Record<string, string>; value: [number, string] }[] }
  | { resultType: 'matrix'; result: { metric: Record<string, string>; values: [number, string][] }[] }
  | { resultType: 'scalar' | 'string'; result: [number, string] };

/** Answers PromQL queries at a time or over a range (Unix seconds). */
export interface QuerySource {
  /** `/api/v1/query`. */
  instant(expr: string, timeS: number): Promise<PromData>;
  /** `/api/v1/query_range`. */
  range(expr: string, startS: number, endS: number, stepS: number): Promise<PromData>;
}

/** A query could not be answered (server unreachable, timeout, a PromQL error, not recorded). */
export class SourceError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'SourceError';
  }
}

/** Reads a Prometheus API response body (`{status, data}` or `{status: "error", error}`). */
export function parseApiResponse(body: unknown): PromData {
  const b = body as { status?: unknown; data?: { resultType?: unknown; result?: unknown }; error?: unknown; errorType?: unknown } | null;
  if (!b || typeof b !== 'object') throw new SourceError('the answer is not a Prometheus API response (no JSON object)');
  if (b.status === 'error') throw new SourceError(`Prometheus: ${String(b.errorType ?? 'error')}: ${String(b.error ?? 'no message')}`);
  const d = b.data;
  if (b.status !== 'success' || !d || typeof d !== 'object') throw new SourceError('the answer is not a Prometheus API response (no status "success" with data)');
  const ok =
    (d.resultType === 'vector' && Array.isArray(d.result) && d.result.every((s) => isSeries(s) && isPoint((s as { value?: unknown }).value))) ||
    (d.resultType === 'matrix' && Array.isArray(d.result) && d.result.every((s) => isSeries(s) && Array.isArray((s as { values?: unknown }).values) && (s as { values: unknown[] }).values.every(isPoint))) ||
    ((d.resultType === 'scalar' || d.resultType === 'string') && isPoint(d.result));
  if (!ok) throw new SourceError(`the answer's data is not a well-formed ${String(d.resultType)} result`);
  return d as PromData;
}

function isSeries(s: unknown): boolean {
  const m = (s as { metric?: unknown } | null)?.metric;
  return !!m && typeof m === 'object' && Object.values(m).every((v) => typeof v === 'string');
}

function isPoint(p: unknown): boolean {
  return Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'string';
}

/** Reads a sample value: Prometheus sends numbers as strings (`"1.5"`, `"NaN"`, `"+Inf"`). */
export function sampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** One query and its answer, as recorded. */
export interface RecordedQuery {
  endpoint: 'query' | 'query_range';
  query: string;
  time?: number;
  start?: number;
  end?: number;
  step?: number;
  data: PromData;
}

/** The file `--save` writes and `--from` replays. */
export interface Recording {
  capplan: 'observe-recording';
  version: 1;
  /** What was queried (a URL), for the record. */
  prometheus: string;
  /** The options that fix every query's text and time: replaying uses them. */
  options: { end: number; window: string; rateWindow: string; at: string; entry: string };
  queries: RecordedQuery[];
}

const keyOf = (q: Omit<RecordedQuery, 'data'>) =>
  q.endpoint === 'query' ? `query ${q.time} ${q.query}` : `query_range ${q.start} ${q.end} ${q.step} ${q.query}`;

/** Wraps a source so that every answer is appended to `into` (in the order asked). */
export function recordingSource(inner: QuerySource, into: RecordedQuery[]): QuerySource {
  return {
    async instant(expr, timeS) {
      const data = await inner.instant(expr, timeS);
      into.push({ endpoint: 'query', query: expr, time: timeS, data });
      return data;
    },
    async range(expr, startS, endS, stepS) {
      const data = await inner.range(expr, startS, endS, stepS);
      into.push({ endpoint: 'query_range', query: expr, start: startS, end: endS, step: stepS, data });
      return data;
    },
  };
}

/** A source answering from a recording; a query it does not hold is an error that says so. */
export function replaySource(recording: Recording, file: string): QuerySource {
  const answers = new Map(recording.queries.map((q) => [keyOf(q), q.data]));
  const find = (q: Omit<RecordedQuery, 'data'>): Promise<PromData> => {
    const data = answers.get(keyOf(q));
    if (data) return Promise.resolve(data);
    return Promise.reject(
      new SourceError(`${file} holds no answer to this query`, 'the recording was made with another profile or other options; record again with --save'),
    );
  };
  return {
    instant: (query, time) => find({ endpoint: 'query', query, time }),
    range: (query, start, end, step) => find({ endpoint: 'query_range', query, start, end, step }),
  };
}

/** Checks a parsed JSON file is a recording; returns it or a message. */
export function parseRecording(data: unknown): Recording | string {
  const r = data as Partial<Recording> | null;
  if (!r || typeof r !== 'object' || r.capplan !== 'observe-recording') return 'not a capplan observe recording (written by capplan observe --save)';
  if (r.version !== 1) return `recording version ${String(r.version)} is not supported (expected 1)`;
  const o = r.options as Recording['options'] | undefined;
  if (!o || typeof o.end !== 'number' || typeof o.window !== 'string' || typeof o.rateWindow !== 'string' || typeof o.at !== 'string' || typeof o.entry !== 'string') {
    return 'the recording has no valid options (end, window, rateWindow, at, entry)';
  }
  if (!Array.isArray(r.queries)) return 'the recording has no queries';
  for (const [i, q] of r.queries.entries()) {
    if (!q || (q.endpoint !== 'query' && q.endpoint !== 'query_range') || typeof q.query !== 'string') return `queries[${i}] is not a recorded query`;
    try {
      parseApiResponse({ status: 'success', data: q.data });
    } catch (error) {
      return `queries[${i}]: ${(error as Error).message}`;
    }
  }
  return r as Recording;
}

/**
 * A service whose time no transform inversion follows: an M/G/1 wait behind two near-deterministic
 * operations three orders of magnitude apart (59 % at 485 ms, 41 % at 0.5 ms; `deterministic`, so
 * Erlang-64 each). Its p95 per visit is solved in the time domain (src/model/visit-tail.ts); two
 * such stages in a row still reach Cantelli's bound (test/kinds/visit-bound-note.test.ts).
 */
export const SHARP_OPERATIONS = `    operations:
      - { name: slow, share: 59%, serviceTime: 485ms }
      - { name: fast, share: 41%, serviceTime: 0.5ms }
`;

/** One such service at 16 req/s with a 1 s p95 budget per visit. */
export const SHARP_OPS = `apiVersion: capplan/v1
name: sharp-ops
workload: { rps: 16/s }
targets: { latencyP95: 2s, cpuUtilization: 50% }
components:
  api:
    kind: service
    distribution: deterministic
    latencyP95: 1s
    workers: 1
${SHARP_OPERATIONS}`;

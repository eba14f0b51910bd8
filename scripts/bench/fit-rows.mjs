// A large load-test CSV for the bench's fit target: `rows` measurements spread over 64
// concurrency levels (1 … 64), throughput from the Universal Scalability Law (σ = 0.02,
// κ = 0.0005, λ = 100/s; Gunther, Guerrilla Capacity Planning, ch. 4) with ±5 % seeded noise,
// as a load tool that samples every second would write them. Deterministic per seed.
//   node scripts/bench/fit-rows.mjs --rows 100000 [--seed 1] > rows.csv
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../random.mjs';

/** The CSV text: a header and `rows` rows of concurrency,throughput. */
export function fitRowsCsv({ rows, seed = 1 }) {
  const rand = mulberry32(seed * 2654435761);
  const [sigma, kappa, lambda] = [0.02, 0.0005, 100];
  const out = ['concurrency,throughput'];
  for (let i = 0; i < rows; i++) {
    const n = 1 + (i % 64);
    const x = (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    out.push(`${n},${(x * (0.95 + 0.1 * rand())).toFixed(2)}`);
  }
  return `${out.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  process.stdout.write(fitRowsCsv({ rows: opt('--rows', 100_000), seed: opt('--seed', 1) }));
}

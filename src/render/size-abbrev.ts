/**
 * The `size` column in narrow form: "1 primary + 2 replicas" → "1p+2r", "3 shards × 2 nodes" →
 * "3s×2n", "18 replicas × 4 GPUs (72 GPUs)" → "18×4g", "3 replicas" → "3", "1 primary + 2 replicas +
 * 3 sentinels" → "1p+2r+3S", "11 pools" → "11P", with a legend that
 * names only the letters a table uses. A topology the rules do not recognise is shown whole.
 */

/** Letters of the abbreviated sizes, with what each stands for. */
const LETTERS: readonly (readonly [pattern: RegExp, letter: string, meaning: string])[] = [
  [/(\d+) primar(?:y|ies)/g, 'p', 'primary'],
  [/(\d+) (?:read )?replicas?/g, 'r', 'replicas'],
  [/(\d+) shards?/g, 's', 'shards'],
  [/(\d+) nodes?/g, 'n', 'nodes'],
  [/(\d+) GPUs?/g, 'g', 'GPUs each'],
  [/(\d+) sentinels?/g, 'S', 'sentinels'],
  [/(\d+) pools?/g, 'P', 'pools'],
];

/** An abbreviated size and the letters it uses (remembered and shared: read, never changed). */
export interface ShortSize {
  readonly text: string;
  readonly letters: readonly string[];
}

/** Sizes already abbreviated: a plan of thousands of components repeats a few dozen topologies. */
const abbreviated = new Map<string, ShortSize>();
const ABBREVIATED_SIZE = 10_000;

/** Abbreviates a topology string; unrecognised words are kept, so nothing is lost. */
export function abbreviateSize(topology: string): ShortSize {
  let short = abbreviated.get(topology);
  if (!short) {
    short = Object.freeze(abbreviate(topology));
    if (abbreviated.size >= ABBREVIATED_SIZE) abbreviated.clear();
    abbreviated.set(topology, short);
  }
  return short;
}

function abbreviate(topology: string): ShortSize {
  // The total in parentheses ("(72 GPUs)") follows from the product.
  let s = topology.replace(/\s*\(\d+ GPUs?\)$/, '');
  // A bare replica count is the common case: the number alone.
  const bare = /^(\d+) replicas?$/.exec(s);
  if (bare) return { text: bare[1]!, letters: [] };
  // "18 replicas × 4 GPUs" → "18×4g": replicas of GPU nodes are the count, GPUs the letter.
  s = s.replace(/^(\d+) replicas? × /, '$1 × ');
  const letters: string[] = [];
  for (const [pattern, letter] of LETTERS) {
    s = s.replace(pattern, (_, n: string) => {
      if (!letters.includes(letter)) letters.push(letter);
      return `${n}${letter}`;
    });
  }
  s = s.replace(/ ([+×]) /g, '$1');
  return { text: s, letters };
}

/** The legend of the letters used: "p primary · r replicas". */
export function sizeLegend(letters: Iterable<string>): string {
  const used = new Set(letters);
  return LETTERS.filter(([, l]) => used.has(l)).map(([, l, meaning]) => `${l} ${meaning}`).join(' · ');
}

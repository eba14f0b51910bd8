/**
 * JSON text reused between values that stringify alike: a plan of thousands of copies of one
 * component holds thousands of equal constraint lists, queue models and deploy settings, and
 * JSON.stringify with a replacer function (the rounding of numbers) cost ~25 µs a component.
 * JSON.stringify's text of a plain object or array is a function of its own enumerable keys in
 * order and their values alone, so a value found deep-equal (sameJson) to one already written at
 * the same depth is written with that one's text. The plan is not changed while it is written.
 */

/**
 * Whether JSON.stringify writes `a` and `b` alike (under a replacer that looks only at values):
 * the same primitive (===; NaN is never equal, which only costs a reuse), or both arrays of
 * the same length with alike items, or both plain objects (prototype Object.prototype or null)
 * with the same keys in the same order and alike values. Anything else (a Date, a Map, a class
 * instance) is not compared and counts as different.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const proto = Object.getPrototypeOf(a);
  if ((proto !== Object.prototype && proto !== null) || Object.getPrototypeOf(b) !== proto) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Texts remembered per key: the last few distinct values seen under it, most recent first. */
const REMEMBERED_PER_KEY = 4;
/** Objects and arrays looked up between two looks at how often a text was reused (the counts then halve). */
const WINDOW = 256;
/** While texts are rarely reused, one object in this many is still written field by field, to notice when they are again. */
const PROBE_EVERY = 16;

/**
 * Writes objects field by field as JSON.stringify(object, replacer, 2) does at `levels`
 * two-space steps of indent, each field's value text reused while that key's value is
 * sameJson to one of the last few seen under it. `valueText(v, levels)` is the text of one
 * value at that indent (JSON.stringify's, with the same replacer).
 */
export class FieldTexts {
  private readonly seen = new Map<string, { keyText: string; values: unknown[]; texts: string[] }>();
  private readonly inner: string;
  private readonly closing: string;
  /** Lookups of object and array values, and how many found a text (halved every WINDOW). */
  private looked = 0;
  private found = 0;
  /** Whether fewer than half the lookups find a text: objects are then stringified whole, but for a probe. */
  private rarelyReused = false;
  private skipped = 0;

  constructor(
    private readonly levels: number,
    private readonly valueText: (value: unknown, levels: number) => string,
  ) {
    this.closing = '  '.repeat(levels);
    this.inner = `${this.closing}  `;
  }

  /** The object's text, the same bytes as valueText(object, levels) (the replacer called on the object itself must return it unchanged). */
  objectText(object: Record<string, unknown>): string {
    // Field by field costs a JSON.stringify call a field where nothing repeats: whole is cheaper then.
    if (this.rarelyReused && ++this.skipped % PROBE_EVERY !== 0) return this.valueText(object, this.levels);
    let text = '';
    for (const key of Object.keys(object)) {
      const value = object[key];
      // JSON.stringify leaves out a key whose value it cannot write.
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      let entry = this.seen.get(key);
      if (entry === undefined) {
        entry = { keyText: JSON.stringify(key), values: [], texts: [] };
        this.seen.set(key, entry);
      }
      text += `${text === '' ? '{\n' : ',\n'}${this.inner}${entry.keyText}: ${this.textOf(entry, value)}`;
    }
    return text === '' ? '{}' : `${text}\n${this.closing}}`;
  }

  private textOf(entry: { values: unknown[]; texts: string[] }, value: unknown): string {
    const { values, texts } = entry;
    if (value !== null && typeof value === 'object' && ++this.looked >= WINDOW) {
      this.rarelyReused = this.found * 2 < this.looked;
      this.looked /= 2;
      this.found /= 2;
    }
    for (let i = 0; i < values.length; i++) {
      if (!sameJson(values[i], value)) continue;
      if (value !== null && typeof value === 'object') this.found++;
      const text = texts[i]!;
      if (i > 0) {
        values.splice(i, 1);
        texts.splice(i, 1);
        values.unshift(value);
        texts.unshift(text);
      }
      return text;
    }
    const text = this.valueText(value, this.levels + 1);
    values.unshift(value);
    texts.unshift(text);
    if (values.length > REMEMBERED_PER_KEY) {
      values.pop();
      texts.pop();
    }
    return text;
  }
}

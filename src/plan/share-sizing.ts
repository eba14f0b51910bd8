/**
 * Sharing one sizing between components whose sizing inputs are equal (a profile of 3,000
 * copies of one component sizes it once a pass, not 3,000 times). A kind's sizing is a pure
 * function of its settings and its SizingContext; it reads the context's `name` and `path` only
 * to label what it returns (the result's name and path, its violations' component, and their
 * paths, which are the component's path or start with it). So two components whose settings
 * are equal value for value and whose contexts are equal except for those two have results
 * equal except for those labels: the second is the first relabelled (test/plan/share-sizing.test.ts
 * holds every kind of the bundled profiles to it). Equal inputs, compared in full: every setting
 * (compared value for value, value-numbering.ts, and numbered once per settings object: order
 * and undefined values included)
 * and every context field that varies within one pass of layers.ts (the derived visits, the
 * retry load factor, the blocking hold; the workload, targets, percentile and flags are the
 * pass's); a component with a fitted USL curve or pool floors is sized on its own.
 */
import type { CallContext, SizingContext } from '../kinds/kind.js';
import type { SizedComponent } from './types.js';
import { sameValue, valueHash } from './value-numbering.js';

/** Settings objects numbered by their structural value, for one solve (its phases hand over the settings of a component they leave alone). */
export class SettingsNumbering {
  private readonly ids = new WeakMap<object, number | null>();
  /** The first settings of each number, by their hash (value-numbering.ts); the profile holds them anyway. */
  private readonly byHash = new Map<number, { settings: object; id: number }[]>();
  private count = 0;

  /** The number of settings equal to these value for value, or null for settings that are not plain values. */
  idOf(settings: object): number | null {
    let id = this.ids.get(settings);
    if (id === undefined) {
      const hash = valueHash(settings);
      if (hash === null) id = null;
      else {
        const list = this.byHash.get(hash);
        const known = list?.find((k) => sameValue(k.settings, settings));
        if (known !== undefined) id = known.id;
        else {
          id = this.count++;
          if (list !== undefined) list.push({ settings, id });
          else this.byHash.set(hash, [{ settings, id }]);
        }
      }
      this.ids.set(settings, id);
    }
    return id;
  }
}

interface Sizing {
  model: CallContext | undefined;
  first: SizedComponent;
  copy: ((name: string, path: string) => SizedComponent) | null;
}

/** The sizings of one pass of layers.ts (one workload, targets, percentile and flags) by their inputs. */
export class SizingMemo {
  private readonly sizings = new Map<number, Sizing[]>();

  constructor(private readonly numbering: SettingsNumbering) {}

  /** `size()`'s result for this component: a copy of an earlier sizing with equal inputs this pass, relabelled, or sized. */
  size(settings: object, ctx: SizingContext, size: () => SizedComponent): SizedComponent {
    if (ctx.fittedUsl !== null || (ctx.floors !== undefined && ctx.floors.length > 0)) return size();
    const id = this.numbering.idOf(settings);
    if (id === null) return size();
    const list = this.sizings.get(id);
    const known = list?.find((k) => sameModel(k.model, ctx.model));
    if (known !== undefined) {
      // The relabeller is made at the first copy (most components of most profiles have none).
      known.copy ??= relabeller(known.first);
      return known.copy(ctx.name, ctx.path);
    }
    const first = size();
    const entry: Sizing = { model: ctx.model, first, copy: null };
    if (list !== undefined) list.push(entry);
    else this.sizings.set(id, [entry]);
    return first;
  }
}

/** Whether two call contexts are equal, number for number (Object.is) and text for text. */
export function sameModel(a: CallContext | undefined, b: CallContext | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (!Object.is(a.derivedVisits, b.derivedVisits) || !Object.is(a.loadFactor, b.loadFactor) || (a.arrivalScv ?? 1) !== (b.arrivalScv ?? 1) || a.arrivalText !== b.arrivalText) return false;
  const x = a.held;
  const y = b.held;
  if (x === null || y === null) return x === y;
  return Object.is(x.meanS, y.meanS) && Object.is(x.varianceS2, y.varianceS2) && x.parts.length === y.parts.length && x.parts.every((t, i) => t === y.parts[i]);
}

/** Copies of objects with one list of keys, by that list. */
const copiers = new Map<string, (from: object) => object>();

/**
 * A function copying objects with `first`'s own keys into a fresh object literal with those
 * keys in that order. V8 gives a literal an ordinary map: a spread or Object.assign copy of
 * forty-odd keys turned to dictionary mode when solve and analyse add their keys (15-50 µs a
 * copy; the literal, like the kind's own, ~1 µs). The keys are JSON string literals, so the
 * generated source holds no code of the data.
 */
function copierOf(first: object): (from: object) => object {
  const keys = Object.keys(first);
  const id = keys.join('\u0000');
  let copy = copiers.get(id);
  if (copy === undefined) {
    copy = new Function('f', `return {${keys.map((k) => `${JSON.stringify(k)}: f[${JSON.stringify(k)}]`).join(', ')}};`) as (from: object) => object;
    copiers.set(id, copy);
  }
  return copy;
}

/**
 * Relabels `first`'s sizing for other components: each copy has its own top-level object,
 * violations and notes (the plan completes components in place and adds notes), the rest
 * shared read-only.
 */
export function relabeller(first: SizedComponent): (name: string, path: string) => SizedComponent {
  const copy = copierOf(first);
  const from = first.path;
  return (name, path) => {
    const out = copy(first) as SizedComponent;
    out.name = name;
    out.path = path;
    out.violations = first.violations.map((v) => ({
      ...v,
      component: v.component === first.name ? name : v.component,
      path: v.path === from || v.path.startsWith(`${from}.`) || v.path.startsWith(`${from}[`) ? path + v.path.slice(from.length) : v.path,
    }));
    out.notes = [...first.notes];
    return out;
  };
}

/** Reads and validates a profile file; mathjs is imported only if a value needs it. */
import { relative } from 'node:path';
import { rangeKey, type RangeValue } from '../explore/ranges.js';
import { uncertainInputs, type UncertainInput } from '../explore/sample-profile.js';
import { validateProfile, type Profile } from '../profile/load.js';
import type { Diagnostic } from '../profile/diagnostic.js';
import type { SourceDocument } from '../profile/source-document.js';
import { readQuantity } from '../units/quantity.js';
import { InputError } from './errors.js';
import { readInputFile, STDIN_PATH } from './io.js';

/** A validated profile with its non-fatal warnings. */
export interface LoadedProfile {
  profile: Profile;
  warnings: Diagnostic[];
  /** The parsed document, for positions of later messages (fit files, CI annotations). */
  doc: SourceDocument;
  /** Inputs written as ranges (docs/explore.md); the profile holds their medians. */
  uncertain: UncertainInput[];
}

/** How a path is shown in messages: as given, relative to the working directory when absolute; `<stdin>` for `-`. */
export function displayPath(path: string): string {
  if (path === STDIN_PATH) return '<stdin>';
  if (!path.startsWith('/')) return path;
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Reads, parses and validates the profile at `path`, with a calibration overlay merged over it when one is named; throws InputError with every problem. */
export async function loadProfileFile(path: string, opts: { calibration?: string | undefined } = {}): Promise<LoadedProfile> {
  const text = await readInputFile(path, 'profile');
  if (opts.calibration === undefined) return loadProfileText(text, displayPath(path));
  const { readSourceDocument } = await import('../profile/source.js');
  const parsed = readSourceDocument(text, displayPath(path));
  if ('diagnostics' in parsed) throw new InputError(parsed.diagnostics);
  const overlayText = await readInputFile(opts.calibration, 'calibration file');
  const overlay = readSourceDocument(overlayText, displayPath(opts.calibration), 'calibration file');
  if ('diagnostics' in overlay) throw new InputError(overlay.diagnostics);
  // Loaded only when a calibration is given.
  const { applyCalibration, unshiftPhasePaths } = await import('../observe/calibration.js');
  const merged = applyCalibration(parsed.doc, overlay.doc);
  if ('diagnostics' in merged) throw new InputError(merged.diagnostics);
  try {
    const loaded = await validateDocument(merged.doc);
    return { ...loaded, warnings: [...merged.warnings, ...unshiftPhasePaths(loaded.warnings, parsed.doc.file)] };
  } catch (error) {
    if (error instanceof InputError) throw new InputError(unshiftPhasePaths(error.diagnostics, parsed.doc.file));
    throw error;
  }
}

/** Parses and validates profile text. */
export async function loadProfileText(text: string, file: string): Promise<LoadedProfile> {
  // Most profiles are read without yaml (plain-yaml.ts); yaml is loaded for the others only.
  const { readPlainSourceDocument } = await import('../profile/plain-document.js');
  const plain = readPlainSourceDocument(text, file);
  if (plain) return validateDocument(plain);
  const { readSourceDocument } = await import('../profile/source.js');
  const parsed = readSourceDocument(text, file);
  if ('diagnostics' in parsed) throw new InputError(parsed.diagnostics);
  return validateDocument(parsed.doc);
}

/** Validates a parsed document, loading the mathjs reader only when the fast path defers a value. */
export async function validateDocument(doc: SourceDocument): Promise<LoadedProfile> {
  const ranges = new Map<string, RangeValue>();
  const onRange = (raw: unknown, range: RangeValue) => ranges.set(rangeKey(raw), range);
  let result = validateProfile(doc, () => readQuantity, onRange);
  if (!result.ok && result.deferred) {
    const { makeMathReader } = await import('../units/math-reader.js');
    result = validateProfile(doc, makeMathReader, onRange);
  }
  if (!result.ok) throw new InputError(result.diagnostics);
  if (ranges.size === 0) return { profile: result.profile, warnings: result.warnings, doc, uncertain: [] };
  const { inputs, diagnostics } = uncertainInputs(doc, ranges);
  if (diagnostics.length) throw new InputError(diagnostics);
  return { profile: result.profile, warnings: result.warnings, doc, uncertain: inputs };
}

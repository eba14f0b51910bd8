/** The rendered problems of profile text (empty when it validates). */
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';

/** Validates `text` as `p.yaml`; returns each problem as the CLI prints it, or [] if it is valid. */
export async function problems(text: string): Promise<string[]> {
  try {
    await loadProfileText(text, 'p.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.map(renderDiagnostic);
    throw error;
  }
  return [];
}

/**
 * The check behind plain-yaml.test.ts: readSourceDocument's fast reader against yaml's reading
 * of the same text (readYamlSourceDocument), by the oracle the fuzz harness uses too
 * (scripts/fuzz/reader-agreement.ts).
 */
import { expect } from 'vitest';
import { readerAgreement } from '../../scripts/fuzz/reader-agreement.js';

/**
 * Reads `text` both ways and expects the same document whenever the fast reader did not give up;
 * returns whether it read the text.
 */
export function expectSameAsYaml(text: string): boolean {
  const { read, problem } = readerAgreement(text);
  expect(problem, `text: ${JSON.stringify(text)}`).toBeUndefined();
  return read;
}

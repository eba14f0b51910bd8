/**
 * A load-test cell with a decimal comma (a ; CSV as Excel writes it in many locales) or digit
 * groups ("1,652.4") is refused at the cell, as before, now with a hint that says why and what to
 * write (it was a bare "not a number" on every row).
 */
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { scratchFiles } from '../support/scratch.js';

const { write } = scratchFiles('capplan-fit-separators-');

describe('a number with a decimal comma or digit groups', () => {
  it('in a ; CSV (Excel in many locales): exit 2 at the cell, with the decimal-comma hint', async () => {
    const file = write('semi.csv', 'load;throughput\n1;64,9\n18;995,9\n36;1652,4\n');
    const { code, err } = await runMain('fit', file);
    expect(code).toBe(2);
    expect(err).toMatch(/semi\.csv:2:3: "64,9" in column "throughput" is not a number\n\s+hint: a decimal comma\? capplan reads a decimal point: write 64\.9; export the CSV with "\." as the decimal separator/);
  });

  it('"1,775" could be either: the hint gives both readings', async () => {
    const file = write('semi3.csv', 'load;throughput\n1;1,775\n');
    const { err } = await runMain('fit', file);
    expect(err).toMatch(/write 1\.775 \(or 1775, if the comma groups thousands\)/);
  });

  it('quoted "1,652.4": exit 2 with the digit-group hint', async () => {
    const file = write('thou.csv', 'load,throughput\n1,64.9\n36,"1,652.4"\n');
    const { code, err } = await runMain('fit', file);
    expect(code).toBe(2);
    expect(err).toMatch(/thou\.csv:3:4: "1,652\.4" in column "throughput" is not a number\n\s+hint: a comma groups the digits here: write 1652\.4/);
  });
});

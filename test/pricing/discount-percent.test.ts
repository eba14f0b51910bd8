import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';

const profile = (discount: string) => `apiVersion: capplan/v1
name: t
workload:
  rps: 100
components:
  api: { kind: service, serviceTime: 10ms, workers: 4 }
pricing:
  discountPercent: ${discount}
`;

async function warnings(text: string): Promise<string[]> {
  return (await loadProfileText(text, 'p.yaml')).warnings.map((d) => renderDiagnostic(d));
}

describe('pricing.discountPercent written as a fraction', () => {
  it('warns at the key that 0.2 reads as 0.2 % off, and names the percent meant', async () => {
    expect(await warnings(profile('0.2'))).toEqual([
      'p.yaml:8:20 pricing.discountPercent: warning: a discount of 0.2 % is less than one percent off; the key is in percent: did you mean 20 (20 % off)?',
    ]);
  });
  it('is quiet for a whole percent and for no discount', async () => {
    expect(await warnings(profile('20'))).toEqual([]);
    expect(await warnings(profile('1'))).toEqual([]);
    expect(await warnings(profile('0'))).toEqual([]);
  });
});

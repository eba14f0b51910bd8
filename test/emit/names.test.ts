/** Profile names as label values and DNS labels in manifests (emit/context.ts). */
import { describe, expect, it } from 'vitest';
import { dnsLabel, labelValue } from '../../src/emit/context.js';

describe('profile names in manifests', () => {
  it('keeps accented Latin letters as their base letters instead of dropping them', () => {
    // "Été" became "t", and "Shop Été" shop-t, the label "Shop Ôt" gets too.
    expect(labelValue('Shop Été')).toBe('shop-ete');
    expect(dnsLabel('Shop Été')).toBe('shop-ete');
    expect(labelValue('Shop Ôt')).toBe('shop-ot');
    expect(dnsLabel('Crème brûlée_v2')).toBe('creme-brulee-v2');
    expect(labelValue('Crème brûlée_v2')).toBe('creme-brulee_v2');
  });

  it('falls back to capplan when nothing of the name is a letter or digit', () => {
    expect(labelValue('日本')).toBe('capplan');
    expect(dnsLabel('---')).toBe('capplan');
  });

  it('stays within 63 characters with alphanumeric ends', () => {
    const long = dnsLabel(`${'é'.repeat(62)}-x`);
    expect(long).toBe(`${'e'.repeat(62)}`);
    expect(labelValue('a'.repeat(70))).toHaveLength(63);
  });
});

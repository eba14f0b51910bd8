/** SVG helpers: Heckbert's nice axis ticks (worked by hand from the algorithm), stable coordinates, text fitting. */
import { describe, expect, it } from 'vitest';
import { fitText, linearScale, niceTicks, px, svgChart } from '../../src/report/svg.js';

describe('niceTicks (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990)', () => {
  it('covers 105..543 with steps of 100', () => {
    // range nice(438) = 500; 500 / 4 = 125, rounded to a nice 100; floor(105/100) = 1, ceil(543/100) = 6.
    expect(niceTicks(105, 543, 5)).toEqual([100, 200, 300, 400, 500, 600]);
  });
  it('covers a bill of $16,837.09 from 0 with steps of $5,000', () => {
    // nice(16,837) = 20,000; 20,000 / 4 = 5,000, already nice.
    expect(niceTicks(0, 16_837.09, 5)).toEqual([0, 5000, 10_000, 15_000, 20_000]);
  });
  it('prints decimal steps without binary noise', () => {
    // nice(1) = 1; 1 / 4 = 0.25, rounded to a nice 0.2.
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
  it('survives an empty or non-finite range', () => {
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, Number.POSITIVE_INFINITY)).toEqual([0, 1]);
  });
});

describe('coordinates and text', () => {
  it('writes coordinates with one decimal and no negative zero', () => {
    expect([px(1.25), px(-0.04), px(3), px(2.96)]).toEqual(['1.3', '0', '3', '3']);
  });
  it('maps a domain onto a range, and a point domain onto the middle', () => {
    expect(linearScale(0, 10, 100, 200)(2.5)).toBe(125);
    expect(linearScale(5, 5, 0, 10)(5)).toBe(5);
  });
  it('cuts long text with an ellipsis and leaves short text alone', () => {
    expect(fitText('postgres', 12, 100)).toBe('postgres');
    const cut = fitText('a-very-long-component-name-indeed', 12, 100);
    expect(cut.endsWith('…')).toBe(true);
    expect([...cut].length).toBeLessThan(16);
  });
  it('labels a chart by its own title and description', () => {
    const svg = svgChart({ id: 'c', width: 10, height: 5, title: 'T <1>', desc: 'D & d' }, '<rect width="1" height="1"/>');
    expect(svg).toBe(
      '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5" width="10" height="5" role="img" aria-labelledby="c-title c-desc"><title id="c-title">T &lt;1&gt;</title><desc id="c-desc">D &amp; d</desc><rect width="1" height="1"/></svg>',
    );
  });
});

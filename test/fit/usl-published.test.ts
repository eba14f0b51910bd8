/**
 * The USL fit against published fits of the data sets in data/reference (see SOURCES.md).
 * Every expected number below is copied from the upstream file and line cited next to it,
 * never from this code's output. Tolerances follow the digits printed upstream
 * (toleranceOf: half a unit in the last printed digit) unless a comment says why not.
 */

import { describe, expect, it } from 'vitest';
import { studentTQuantile } from '../../src/fit/student-t.js';
import { type UslFit, fitUsl, predict, uslThroughput } from '../../src/fit/usl.js';
import type { LoadPoint, UslParams } from '../../src/fit/usl-model.js';
import { referencePoints, toleranceOf } from './helpers.js';

function fitOk(points: LoadPoint[]): UslFit {
  const fit = fitUsl(points);
  if (!fit.ok) throw new Error(fit.message);
  return fit;
}

/** Assert `actual` rounds to the printed value (within `units` of its last digit). */
function expectPrinted(actual: number, printed: string, units = 0.5): void {
  expect(Math.abs(actual - Number(printed))).toBeLessThanOrEqual(toleranceOf(printed, units) * (1 + 1e-9));
}

function sse(points: LoadPoint[], params: UslParams): number {
  return points.reduce((s, p) => s + (p.x - uslThroughput(params, p.n)) ** 2, 0);
}

describe('specsdm91 (R package usl)', () => {
  const points = referencePoints('usl-specsdm91.csv', 'load', 'throughput');
  const fit = fitOk(points);

  it('matches the coefficients and standard errors of the usl README', () => {
    // smoeding/usl README.md (usl ≥ 2.0, the three-coefficient model; the stored copy has no
    // commit id), lines 54–56: "alpha 0.0277285 0.0091217 / beta 0.0001044 0.0000199 /
    // gamma 89.9952330 14.2134894" (alpha = σ, beta = κ, gamma = λ).
    expectPrinted(fit.params.sigma, '0.0277285');
    expectPrinted(fit.params.kappa, '0.0001044');
    // 89.9952330 has 9 significant digits, more than R's nls/nlxb convergence carries; the
    // least-squares optimum agrees to 1.2e-9 relative, so allow 3 units in the last digit.
    expectPrinted(fit.params.lambda, '89.9952330', 3);
    expectPrinted(fit.standardErrors.sigma as number, '0.0091217');
    expectPrinted(fit.standardErrors.kappa as number, '0.0000199');
    expectPrinted(fit.standardErrors.lambda as number, '14.2134894');
    // Issue 6 quotes the same fit: σ 0.0277285, κ 0.0001044, λ 89.9952, N* 96.52.
    expectPrinted(fit.params.lambda, '89.9952');
    expectPrinted(fit.peak.concurrency as number, '96.52');
  });

  it('matches summary(), residuals(), peak.scalability() and limit.scalability()', () => {
    // smoeding/usl tests/summary.Rout.save @ 0c22191b, lines 47–48:
    // "Residual standard error: 82.85 on 4 degrees of freedom", "Multiple R-squared: 0.9896".
    expectPrinted(fit.residualStandardError, '82.85');
    expect(fit.degreesOfFreedom).toBe(4);
    expectPrinted(fit.r2 as number, '0.9896');
    // tests/residuals.Rout.save @ 0c22191b, line 30 (loads 1, 18, 36, 72, 108, 144, 216).
    const residuals = ['-25.10', '-81.66', '111.09', '3.05', '-49.99', '-46.60', '56.00'];
    fit.points.residual.forEach((r, i) => expectPrinted(r, residuals[i] as string));
    // tests/peak-scalability.Rout.save @ 0c22191b, line 28: signif(peak.scalability(u), 2) = 97.
    expect(Number((fit.peak.concurrency as number).toPrecision(2))).toBe(97);
    // tests/limit-scalability.Rout.save @ c3aedbad, line 27: all.equal(limit.scalability(u), 3245.589, 0.0001),
    // the Amdahl ceiling λ/σ.
    expect(fit.params.lambda / fit.params.sigma).toBeCloseTo(3245.589, 0);
    expect(Math.abs(fit.params.lambda / fit.params.sigma / 3245.589 - 1)).toBeLessThan(1e-4);
  });
});

describe('Cisco benchmark (Schwartz, Practical Scalability Analysis; codahale/usl)', () => {
  const points = referencePoints('usl-cisco-schwartz.csv', 'concurrency', 'throughput');
  const fit = fitOk(points);
  const book = { sigma: 0.02671591, kappa: 7.690945e-4, lambda: 995.6486 };

  it('matches the book coefficients', () => {
    // codahale/usl model_test.go @ 00788b5c, lines 18, 26, 34: Kappa 7.690945e-4, Sigma
    // 0.02671591, Lambda 995.6486 ("listed values of the fitted model from the book", also
    // BOOK_KAPPA/BOOK_SIGMA/BOOK_LAMBDA in codahale/usl4j ModelTest.java). They are printed to
    // 7 significant digits, but the book's solver stopped ~1e-6 short of the optimum: its
    // sum of squares is higher than ours (asserted below), and codahale's own tests accept
    // 1e-5 relative (model_test.go line 11). We hold the coefficients to 2e-6 relative.
    expect(Math.abs(fit.params.sigma / book.sigma - 1)).toBeLessThan(2e-6);
    expect(Math.abs(fit.params.kappa / book.kappa - 1)).toBeLessThan(2e-6);
    expect(Math.abs(fit.params.lambda / book.lambda - 1)).toBeLessThan(2e-6);
    expect(fit.sse).toBeLessThanOrEqual(sse(points, book));
  });

  it("matches codahale/usl's fitted model to 1e-7", () => {
    // model_test.go lines 84–86: ThroughputAtConcurrency(1, 20, 35).
    const [x1, x20, x35] = predict(fit.params, [1, 20, 35]);
    expect(Math.abs((x1?.throughput as number) / 995.648772003358 - 1)).toBeLessThan(1e-7);
    expect(Math.abs((x20?.throughput as number) / 11063.63312570436 - 1)).toBeLessThan(1e-7);
    expect(Math.abs((x35?.throughput as number) / 12341.745655201905 - 1)).toBeLessThan(1e-7);
    // Lines 74–76: LatencyAtConcurrency(1, 20, 35), Little's law R = N/X.
    expect(Math.abs((x1?.latency as number) / 0.0010043702853760425 - 1)).toBeLessThan(1e-7);
    expect(Math.abs((x20?.latency as number) / 0.0018077244276309343 - 1)).toBeLessThan(1e-7);
    expect(Math.abs((x35?.latency as number) / 0.0028359035794958197 - 1)).toBeLessThan(1e-7);
    // Lines 42 and 50: MaxConcurrency 35 (codahale floors N*) and MaxThroughput = X(35).
    expect(Math.floor(fit.peak.concurrency as number)).toBe(35);
    expect(Math.abs(uslThroughput(fit.params, 35) / 12341.745415132369 - 1)).toBeLessThan(1e-7);
  });
});

describe('raytracer (R package usl): the bounded fit puts κ at 0', () => {
  const points = referencePoints('usl-raytracer.csv', 'processors', 'throughput');
  const fit = fitOk(points);

  it('matches coef() and confint()', () => {
    // smoeding/usl tests/confint.Rout.save @ 0c22191b, line 32: coef(u) = 0.0578 0.0000 21.8488.
    expect(fit.params.kappa).toBe(0);
    expectPrinted(fit.params.sigma, '0.0578');
    expectPrinted(fit.params.lambda, '21.8488');
    expect(fit.peak.kind).toBe('ceiling');
    expect(fit.peak.concurrency).toBeNull();
    expect(fit.warnings.map((w) => w.code)).toContain('kappa-at-zero');
    // Lines 36–38: confint(u) = alpha 0.033677 0.081864 / beta -0.000214 0.000214 /
    // gamma 17.868380 25.829306. In that version R/confint.R computes estimate ± SE·qt(level, df)
    // with level = 0.95 and df = n − 1 = 10 (a one-sided quantile). Rebuilding the interval with
    // our SEs and our t quantile checks both against R to the printed 6 decimals.
    const t = studentTQuantile(0.95, points.length - 1);
    const se = fit.standardErrors;
    expectPrinted(fit.params.sigma - t * (se.sigma as number), '0.033677');
    expectPrinted(fit.params.sigma + t * (se.sigma as number), '0.081864');
    expectPrinted(fit.params.kappa - t * (se.kappa as number), '-0.000214');
    expectPrinted(fit.params.kappa + t * (se.kappa as number), '0.000214');
    expectPrinted(fit.params.lambda - t * (se.lambda as number), '17.868380');
    expectPrinted(fit.params.lambda + t * (se.lambda as number), '25.829306');
  });
});

describe('synthetic σ = κ = 0.02, λ = 1 (R package usl tests)', () => {
  const points = referencePoints('usl-synthetic-moeding.csv', 'load', 'throughput');

  it('recovers the generating coefficients, in any row order', () => {
    // smoeding/usl tests/coef.Rout.save @ 0c22191b, lines 28, 30, 36: signif(alpha, 3) = 0.02,
    // signif(beta, 3) = 0.02, coef(u) = 0.02 0.02 1.00 (3 significant digits: "0.0200", "1.00").
    // tests/usl-unordered.Rout.save @ 2150035c, lines 27 and 33: the same after dfr[order(-dfr[1]), ].
    for (const input of [points, [...points].reverse()]) {
      const fit = fitOk(input);
      expectPrinted(fit.params.sigma, '0.0200');
      expectPrinted(fit.params.kappa, '0.0200');
      expectPrinted(fit.params.lambda, '1.00');
    }
  });
});

describe('request rates without an N = 1 point (R package usl 1.x, tests/t04)', () => {
  const points = referencePoints('usl-moeding-reqrate.csv', 'concurrency', 'throughput');
  const fit = fitOk(points);

  it('matches the published nlxb fit', () => {
    // smoeding/usl tests/t04.Rout.save @ 1706c2d0 (usl 1.x, R 3.3.0): line 32 "Scale Factor for
    // normalization: 12.67" (λ, estimated with σ and κ by nlxb), lines 44–45 "sigma 0.0418302",
    // "kappa 0.0004091". σ is printed past nlxb's own convergence: our optimum is 0.54 units of
    // the last digit away, so allow one unit.
    expectPrinted(fit.params.sigma, '0.0418302', 1);
    expectPrinted(fit.params.kappa, '0.0004091');
    expectPrinted(fit.params.lambda, '12.67');
    // Line 40: residual range −17.482 … 8.881. Line 49: "Residual standard error: 8.859 on 6
    // degrees of freedom" (usl 1.x divided by n − 2); line 50: "Multiple R-squared: 0.9683".
    expectPrinted(Math.min(...fit.points.residual), '-17.482');
    expectPrinted(Math.max(...fit.points.residual), '8.881');
    expectPrinted(Math.sqrt(fit.sse / (points.length - 2)), '8.859');
    expectPrinted(fit.r2 as number, '0.9683');
    // The published SEs (0.0119952, 0.0005017) came from usl 1.x's two-coefficient model; ours
    // are three-coefficient SEs and honestly wider: κ's interval includes 0.
    expect(fit.warnings.some((w) => w.code === 'wide-interval' && w.coefficient === 'kappa')).toBe(true);
    expect(fit.warnings.map((w) => w.code)).toContain('no-unit-load');
  });
});

describe('codahale/usl README example (specsdm91 rounded to integers)', () => {
  const points = referencePoints('usl-codahale-example.csv', 'concurrency', 'throughput');
  const fit = fitOk(points);
  const published = { sigma: 0.0277299, kappa: 0.000104343, lambda: 89.9878 };

  it('matches the README fit within its solver tolerance', () => {
    // codahale/usl README.md @ 0323b379, line 63: "USL parameters: σ=0.0277299, κ=0.000104343,
    // λ=89.9878"; line 64: "max throughput: 1883.76, max concurrency: 96". That solver stops
    // ~5e-5 short of the optimum (36 units in σ's last digit; its sum of squares is higher than
    // ours, asserted below), so these are held to 1e-4 relative.
    expect(Math.abs(fit.params.sigma / published.sigma - 1)).toBeLessThan(1e-4);
    expect(Math.abs(fit.params.kappa / published.kappa - 1)).toBeLessThan(1e-4);
    expect(Math.abs(fit.params.lambda / published.lambda - 1)).toBeLessThan(1e-4);
    expect(fit.sse).toBeLessThanOrEqual(sse(points, published));
    expect(Math.abs((fit.peak.throughput as number) / 1883.76 - 1)).toBeLessThan(1e-4);
    expect(Math.floor(fit.peak.concurrency as number)).toBe(96);
  });

  it('predicts the README table', () => {
    // README.md lines 87–93: "10.000000,714.778987" … "300.000000,1447.463805".
    const table: [number, number][] = [
      [10, 714.778987],
      [50, 1721.000603],
      [100, 1883.278957],
      [150, 1808.481681],
      [200, 1686.571797],
      [250, 1562.279331],
      [300, 1447.463805],
    ];
    const predicted = predict(fit.params, table.map(([n]) => n));
    table.forEach(([, x], i) => expect(Math.abs((predicted[i]?.throughput as number) / x - 1)).toBeLessThan(1e-4));
  });
});

describe('Oracle OLTP production data (R package usl vignette)', () => {
  const points = referencePoints('usl-oracledb.csv', 'db_time', 'txn_rate');

  it('puts the peak at about 3.5 active sessions and warns that the data are noisy', () => {
    // The usl vignette fits usl(txn_rate ~ db_time, oracledb, method = "nlxb") and reports
    // peak.scalability at about 3.5 (issue 6; vignette code in smoeding/usl inst/doc/usl.R).
    const fit = fitOk(points);
    expect(fit.points).toHaveLength(360);
    expectPrinted(fit.peak.concurrency as number, '3.5');
    expect(fit.warnings.map((w) => w.code)).toContain('low-r2');
  });
});

/**
 * Top-level `x-` keys are the user's (src/profile/load.ts withoutExtensions): a place for anchors
 * the components merge, not read by capplan, and allowed by the JSON Schema editors check with.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { profileJsonSchema } from '../../src/profile/json-schema.js';
import { component, planText } from '../support/plan.js';
import { problems } from '../support/problems.js';

const profile = (key: string) => `apiVersion: capplan/v1
name: t
workload: { rps: 100/s }
${key}: &defaults { kind: service, serviceTime: 20ms, workers: 4 }
components:
  a: *defaults
  b:
    <<: *defaults
    serviceTime: 30ms
`;

describe('x- keys', () => {
  it('hold anchors the components merge, and are not read', async () => {
    expect(await problems(profile('x-defaults'))).toEqual([]);
    const plan = await planText(profile('x-defaults'));
    expect(plan.phases[0]!.components.map((c) => c.name)).toEqual(['a', 'b']);
    // b merges the defaults and overrides the service time: μ = 4 workers / 30 ms.
    expect(component(plan, 'b').capacityPerUnit).toBeCloseTo(4 / 0.03, 9);
    expect(component(plan, 'a').capacityPerUnit).toBeCloseTo(4 / 0.02, 9);
  });

  it('leave any other unknown top-level key refused, with the x- way out in the hint', async () => {
    expect(await problems(profile('defaults'))).toEqual([expect.stringMatching(/^p\.yaml:4:1 defaults: unknown key "defaults"\n {2}hint: expected one of: .* \(or an x- key of your own, e\.g\. x-defaults for anchors; capplan does not read it\)$/)]);
  });

  it('are allowed by the JSON Schema, and only with the prefix', () => {
    const validate = new Ajv2020.default({ strict: false }).compile(profileJsonSchema());
    expect(validate(parse(profile('x-defaults'), { merge: true }))).toBe(true);
    expect(validate(parse(profile('defaults'), { merge: true }))).toBe(false);
  });
});

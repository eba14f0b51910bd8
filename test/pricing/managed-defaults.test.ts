/**
 * A managed service priced at default requests says so (stranger C, finding 7): its requests
 * choose the equivalent instance it is priced as, exactly as a self-run pod's choose its node.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';

const box = mkdtempSync(join(tmpdir(), 'capplan-managed-defaults-'));
afterAll(() => rmSync(box, { recursive: true, force: true }));
let n = 0;
function profileFile(text: string): string {
  const file = join(box, `p${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe('managed services without resources (stranger C, finding 7)', () => {
  const MANAGED = (resources: string) => `apiVersion: capplan/v1
name: mg
workload: { rps: 100/s }
targets: { zones: 1 }
components:
  pg: { kind: database, readsPerRequest: 1, writesPerRequest: 1, capacity: 1000/s, managed: true${resources} }
`;
  it('a managed database priced at default requests says so, as a self-run component does', async () => {
    const bill = (await planProfileFile(profileFile(MANAGED('')), {}, null)).plan.phases[0]!.bill!;
    expect(bill.warnings).toContain('default requests per node for managed pg, priced as the instance they fit (set resources.cpu and resources.memory)');
    const given = (await planProfileFile(profileFile(MANAGED(', resources: { cpu: 2, memory: 8Gi }')), {}, null)).plan.phases[0]!.bill!;
    expect((given.warnings as string[]).filter((w) => w.startsWith('default requests'))).toEqual([]);
  });
});

/** Plans profile text in-process (the same path as the CLI, without spawning). */
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { ComponentPlan, Plan } from '../../src/plan/types.js';

/** Plans YAML text. */
export async function planText(text: string): Promise<Plan> {
  const { profile } = await loadProfileText(text, 'test.yaml');
  return solve(profile);
}

/** The named component of the first phase (or of `phase`). */
export function component(plan: Plan, name: string, phase = 0): ComponentPlan {
  const c = plan.phases[phase]!.components.find((k) => k.name === name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
}

/** A one-component profile around a component body written as YAML flow mapping text. */
export function oneComponent(workload: string, body: string, targets = ''): string {
  return `apiVersion: capplan/v1\nname: t\nworkload: ${workload}\n${targets ? `targets: ${targets}\n` : ''}components:\n  c: ${body}\n`;
}

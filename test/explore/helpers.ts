/** In-process planning of profile text and bundled profiles for the explore tests. */
import { loadProfileFile, loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { Plan } from '../../src/plan/types.js';
import type { Profile } from '../../src/profile/load.js';

/** A validated profile and its plan. */
export interface Planned {
  profile: Profile;
  plan: Plan;
}

/** Validates and plans YAML text. */
export async function planYaml(text: string): Promise<Planned> {
  const { profile } = await loadProfileText(text, 'test.yaml');
  return { profile, plan: solve(profile) };
}

/** Validates and plans a profile file. */
export async function planFile(path: string): Promise<Planned> {
  const { profile } = await loadProfileFile(path);
  return { profile, plan: solve(profile) };
}

/** Lines of text wider than `width` terminal columns (code points; the outputs hold no wide characters). */
export function overWidth(text: string, width = 80): string[] {
  return text.split('\n').filter((l) => [...l].length > width);
}

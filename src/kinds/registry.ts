/** The component kinds, by name. Adding a kind: one module and one line here. */
import { adapter } from './adapter.js';
import { agent } from './agent.js';
import { cache } from './cache.js';
import { database } from './database.js';
import { disk } from './disk.js';
import type { KindDefinition } from './kind.js';
import { network } from './network.js';
import { service } from './service.js';
import { worker } from './worker.js';

/** Every kind, in documentation order. */
export const KINDS: readonly KindDefinition[] = [service, adapter, agent, worker, database, cache, network, disk];

/** The kind named `name`, if any. */
export function kindNamed(name: string): KindDefinition | undefined {
  for (let i = 0; i < KINDS.length; i++) if (KINDS[i]!.kind === name) return KINDS[i];
  return undefined;
}

/**
 * Component presets: named starting settings with their sources. A component's own keys win
 * over its preset's. Each preset states where its figures come from and when they were read.
 */

/** A preset: raw profile values (units as strings) and the source of each figure. */
export interface Preset {
  description: string;
  values: Readonly<Record<string, unknown>>;
  source: string;
}

/** The built-in presets. */
export const PRESETS: Readonly<Record<string, Preset>> = {
  telegram: {
    description: 'Telegram Bot API adapter for bulk notifications (broadcasts): about 30 messages/s per bot; replies inside a chat are limited per chat (about one a second), not by this',
    values: { kind: 'adapter', rateLimit: '30/s' },
    source: 'Telegram Bot FAQ, "My bot is hitting limits": bulk notifications "not more than 30 messages per second or so" (core.telegram.org/bots/faq, read 2026-11-22)',
  },
  'whatsapp-cloud': {
    description: 'WhatsApp Cloud API adapter: 80 messages/s per business number by default',
    values: { kind: 'adapter', rateLimit: '80/s' },
    source: 'Meta, WhatsApp Business Platform "Throughput": up to 80 mps per business phone number by default, 1,000 after automatic upgrade (developers.facebook.com, updated 2026-05-21, read 2026-11-22)',
  },
  redis: {
    description: 'Redis: one single-threaded primary per shard, ~100k ops/s',
    values: { kind: 'cache', capacity: '100000/s', evictionPolicy: 'allkeys-lru' },
    source: 'THEA IA scalability document v0.14.0 (2025-11-08): "Redis ... Límite ~100k ops/s"',
  },
  postgres: {
    description: 'PostgreSQL: max_connections 100 (give capacity from your own load test)',
    values: { kind: 'database', maxConnections: 100 },
    source: 'PostgreSQL documentation, runtime-config-connection: max_connections default 100',
  },
};

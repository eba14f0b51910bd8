/** `service`: a stateless, horizontally scaled server (FSM engine, API, gateway, load balancer). */
import * as z from 'zod';
import { planHorizontal } from './horizontal-plan.js';
import { baseFields, defineKind } from './kind.js';
import { checkCapacity, checkReplicaBounds } from './refine.js';
import { balancingField, checkShape } from './service-shape.js';

/** The service kind. */
export const service = defineKind({
  kind: 'service',
  title: 'Stateless service (FSM engine, API, gateway, load balancer): horizontal replicas sized by throughput, queueing latency (M/G/c, per balancing policy), zone loss and bounds.',
  schema: (f) =>
    z
      .strictObject({
        kind: z.literal('service'),
        ...baseFields(f),
        balancing: balancingField(),
      })
      .superRefine((v, ctx) => {
        checkCapacity(v, ctx, { alternatives: ['operations, each with a serviceTime'] });
        checkShape(v, ctx);
        checkReplicaBounds(v, ctx);
      }),
  size: (c, ctx) => planHorizontal(c, ctx, { noun: 'req' }),
});

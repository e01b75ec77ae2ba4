// Contract entry for an order's audit trail: every journal record of its life, in order.
import { z } from 'zod';

export const AuditEvent = z.object({
  /** Position in the journal: the order events happened in. */
  seq: z.number().int().nonnegative(),
  /** Local wall time the core journaled it (ms). */
  at: z.number(),
  /** place, modify, cancel, reply, failed, update, fill, adopt, resolve. */
  kind: z.string().max(16),
  /** One line in plain words. */
  summary: z.string().max(500),
  venueOrderId: z.string().max(200).optional(),
  /** Venue time of the reply or update, where the venue gave one (ms). */
  venueAt: z.number().optional(),
  /** The journal record as stored (ids, venue replies), for export. */
  record: z.string().max(20_000),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const auditRequestSchemas = {
  'orders.audit': {
    request: z.object({ clientOrderId: z.string().min(1).max(64) }).strict(),
    response: z.object({ clientOrderId: z.string(), events: z.array(AuditEvent) }),
  },
} as const;

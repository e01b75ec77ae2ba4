// The soak's order ledger: every order the test sends, its outcome as the adapter reported it, and
// the checks of property (2) against the simulator's own truth (what its SimMarkets were asked to
// place, their state now) and against what the adapter knows (events, openOrders).
import { parseScaled } from '../../../shared/decimal';
import type { PlaceOrderRequest, VenueOrderUpdate } from '../../../electron/venues/common/adapter';
import { VenueError } from '../../../electron/venues/common/adapter';
import type { VenueRig } from './rig';

export interface TestOrder {
  req: PlaceOrderRequest;
  kind: 'resting' | 'marketable';
  /** pending while the test is still sending; failed = gave up with an error that is not a rejection. */
  state: 'pending' | 'placed' | 'rejected' | 'failed';
  venueOrderId?: string;
  /** Sends, including resends with the same idempotency key after a retryable error. */
  sends: number;
  errors: string[];
  /** Latest state the adapter returned from a call (place/cancel) for this order. */
  returned?: VenueOrderUpdate;
  /** Placed while the simulator was rejecting orders (the outcome may be either). */
  duringReject: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const describe = (e: unknown): string =>
  e instanceof VenueError
    ? `${e.kind}${e.retryable ? ' (retryable)' : ''}: ${e.message}`
    : String((e as Error)?.message ?? e);

/**
 * Sends an order the way the order manager does: a retryable error means "unknown", so the same
 * request (same idempotency key) is sent again until the venue answers or the deadline passes.
 */
export async function place(v: VenueRig, o: TestOrder, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    o.sends++;
    try {
      const u = await v.adapter.placeOrder(o.req);
      o.returned = u;
      o.venueOrderId = u.venueOrderId;
      o.state = 'placed';
      return;
    } catch (e) {
      o.errors.push(describe(e));
      if (e instanceof VenueError && e.retryable && Date.now() < until) {
        await sleep(100);
        continue;
      }
      o.state = e instanceof VenueError && e.kind === 'rejected' ? 'rejected' : 'failed';
      return;
    }
  }
}

/** Cancels a resting order with the same retry rule; a refusal is fine when the order is done. */
export async function cancel(v: VenueRig, o: TestOrder, deadlineMs = 20_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      o.returned = await v.adapter.cancelOrder({
        clientOrderId: o.req.clientOrderId,
        venueOrderId: o.venueOrderId!,
        idempotencyKey: o.req.idempotencyKey,
        market: o.req.market,
      });
      return;
    } catch (e) {
      if (e instanceof VenueError && e.retryable && Date.now() < until) {
        await sleep(100);
        continue;
      }
      // Already filled/cancelled (e.g. cancel-on-disconnect won the race): the ledger check decides.
      return;
    }
  }
}

const LIVE = new Set(['pending', 'working', 'partially_filled']);

function expectedStatus(sim: string): (s: string) => boolean {
  if (sim === 'open' || sim === 'partially_filled') return (s) => LIVE.has(s);
  if (sim === 'filled') return (s) => s === 'filled';
  if (sim === 'cancelled') return (s) => s === 'cancelled' || s === 'expired';
  return (s) => s === sim;
}

/**
 * Property (2) for one venue at a checkpoint (market frozen, no order in flight). Returns the
 * problems found; empty means every order exists exactly once at the simulator, is known to the
 * adapter in the simulator's state with the simulator's filled amount, and no fill is duplicated.
 */
export async function ledgerProblems(v: VenueRig, orders: TestOrder[]): Promise<string[]> {
  const out: string[] = [];
  const byVenueId = new Map<string, TestOrder[]>();
  for (const o of orders) {
    if (o.state === 'pending') out.push(`order ${o.req.clientOrderId} still in flight at the checkpoint`);
    if (o.state === 'failed')
      out.push(`order ${o.req.clientOrderId} has no outcome (gave up): ${o.errors.slice(-3).join(' | ')}`);
    if (o.state === 'rejected' && !o.duringReject)
      out.push(`order ${o.req.clientOrderId} rejected while the venue accepted orders: ${o.errors.at(-1)}`);
    if (o.state !== 'placed') continue;
    const list = byVenueId.get(o.venueOrderId!) ?? [];
    list.push(o);
    byVenueId.set(o.venueOrderId!, list);
  }
  for (const [id, list] of byVenueId)
    if (list.length > 1)
      out.push(`venue order ${id} was returned for ${list.length} different client orders`);

  // The simulator's truth: each of our orders placed exactly once, none it holds that we do not.
  const simCount = new Map<string, number>();
  for (const p of v.simPlacements) {
    const id = v.venueIdOf(p.simId);
    simCount.set(id, (simCount.get(id) ?? 0) + 1);
    const st = v.simMarkets.get(p.market)!.order(p.simId);
    if (!byVenueId.has(id) && st?.status !== 'rejected')
      out.push(
        `simulator holds order ${id} (${p.market}, ${st?.status}, filled ${st?.filled}) that no placed ` +
          `test order claims: a duplicate, or an order the adapter reported as not placed`,
      );
  }
  for (const [id, list] of byVenueId) {
    const n = simCount.get(id) ?? 0;
    if (n !== 1) out.push(`order ${id} (${list[0]!.req.clientOrderId}) placed ${n} times at the simulator`);
  }

  // What the adapter knows: the latest update per order (events and call results alike).
  const latest = new Map<string, VenueOrderUpdate>();
  for (const o of orders) if (o.returned && o.venueOrderId) latest.set(o.venueOrderId, o.returned);
  for (const u of v.updates) latest.set(u.venueOrderId, u);
  const filledBy = new Map<string, number>();
  const seenFill = new Set<string>();
  for (const f of v.fills) {
    if (seenFill.has(f.fillId)) out.push(`fill ${f.fillId} (order ${f.venueOrderId}) delivered twice`);
    seenFill.add(f.fillId);
    const dec = v.simMarkets.get(f.market)?.spec.sizeDecimals ?? 8;
    filledBy.set(f.venueOrderId, (filledBy.get(f.venueOrderId) ?? 0) + parseScaled(f.size, dec));
  }
  for (const [id, list] of byVenueId) {
    const o = list[0]!;
    const market = v.simMarkets.get(o.req.market)!;
    const simId = v.simPlacements.find((p) => v.venueIdOf(p.simId) === id)?.simId;
    const st = simId === undefined ? undefined : market.order(simId);
    if (!st) continue; // reported above
    const u = latest.get(id);
    if (!u) {
      out.push(`order ${id}: the adapter never reported it`);
      continue;
    }
    if (!expectedStatus(st.status)(u.status))
      out.push(`order ${id} (${o.kind}): simulator ${st.status}, adapter last said ${u.status}`);
    const dec = market.spec.sizeDecimals;
    if (parseScaled(u.filled, dec) !== st.filled)
      out.push(`order ${id}: simulator filled ${st.filled}, adapter's update says ${u.filled}`);
    if ((filledBy.get(id) ?? 0) !== st.filled)
      out.push(
        `order ${id}: simulator filled ${st.filled}, adapter's fills add up to ${filledBy.get(id) ?? 0}`,
      );
  }

  // openOrders() (the reconciliation query) against the simulator's resting orders.
  const simOpen = new Set<string>();
  for (const m of v.simMarkets.values())
    for (const st of m.orders(v.owner)) simOpen.add(v.venueIdOf(st.orderId));
  try {
    const open = new Set((await v.adapter.openOrders()).map((u) => u.venueOrderId));
    for (const id of simOpen) if (!open.has(id)) out.push(`openOrders() misses resting order ${id}`);
    for (const id of open)
      if (!simOpen.has(id)) out.push(`openOrders() lists ${id}, not resting at the simulator`);
  } catch (e) {
    out.push(`openOrders() failed: ${describe(e)}`);
  }
  return out;
}

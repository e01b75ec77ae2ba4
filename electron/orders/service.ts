// Registers the order, risk and SOR requests and streams with the core. Handlers are typed
// against shared/contract/orders.ts, which the contract registries spread in. The handler map is
// built once over "the manager of the moment", so a profile change needs no re-registration.
import type { z } from 'zod';
import { ContractError } from '../../shared/contract/errors';
import type { orderStreamSchemas } from '../../shared/contract/orders';
import {
  orderRequestSchemas,
  type OrderRequestChannel,
  type OrderStreamName,
} from '../../shared/contract/orders';
import type { CallerContext, CrossbookCore, RequestHandler } from '../base/crossbook-core';
import type { OrderManager } from './manager';
import type { ActiveOrderManager } from './ports';
import { isLive, isTerminal } from './types';
import { fillView, orderView } from './views';

type Req<C extends OrderRequestChannel> = z.output<(typeof orderRequestSchemas)[C]['request']>;
type Res<C extends OrderRequestChannel> = z.input<(typeof orderRequestSchemas)[C]['response']>;
type Params<S extends OrderStreamName> = z.output<(typeof orderStreamSchemas)[S]['params']>;
type Event<S extends OrderStreamName> = z.input<(typeof orderStreamSchemas)[S]['event']>;

export type OrderHandlers = { [C in OrderRequestChannel]: (payload: Req<C>) => Promise<Res<C>> | Res<C> };
export type OrderProviders = {
  [S in OrderStreamName]: (params: Params<S>, emit: (event: Event<S>) => void) => () => void;
};

/** One handler per channel, each asking `manager()` for the manager to act on. */
export function orderHandlers(manager: () => OrderManager): OrderHandlers {
  return {
    'orders.place': (p) => manager().place(p),
    'orders.modify': async ({ clientOrderId, price, size }) => ({
      order: await manager().modify(clientOrderId, {
        ...(price ? { price } : {}),
        ...(size ? { size } : {}),
      }),
    }),
    'orders.cancel': async ({ clientOrderId }) => ({ order: await manager().cancel(clientOrderId) }),
    'orders.cancelAll': ({ venue, market }) => manager().cancelAll(venue, market),
    'risk.kill': async () => {
      const m = manager();
      return { ...(await m.kill()), state: m.riskState() };
    },
    'risk.arm': ({ armed }) => manager().arm(armed),
    'risk.limits.get': () => manager().limits(),
    'risk.limits.set': (limits) => manager().setLimits(limits),
    'risk.limits.instrument.get': ({ venue, market }) => manager().instrumentLimits(venue, market),
    'risk.limits.instrument.set': ({ venue, market, limits }) =>
      manager().setInstrumentLimits(venue, market, limits),
    'risk.events.ack': ({ id }) => ({ acknowledged: manager().acknowledge(id) }),
    'sor.preview': (p) => manager().routePreview(p),
    'sor.send': (p) => manager().routeSend(p),
  };
}

function snapshotOrders(m: OrderManager, recentLimit: number): Event<'orders'> {
  const all = m.orders();
  const recent = all
    .filter((o) => isTerminal(o.status))
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, recentLimit);
  return {
    working: all.filter((o) => isLive(o.status)).map(orderView),
    recent: recent.map(orderView),
    parents: m.parents(),
  };
}

export function orderProviders(m: OrderManager): OrderProviders {
  return {
    orders: ({ recentLimit }, emit) => {
      emit(snapshotOrders(m, recentLimit ?? 100));
      return m.onChange((c) => {
        if (c.orders.size > 0) emit(snapshotOrders(m, recentLimit ?? 100));
      });
    },
    fills: ({ recentLimit }, emit) => {
      const all = m.fills().sort((a, b) => a.fill.at - b.fill.at);
      emit({ snapshot: true, fills: all.slice(-(recentLimit ?? 500)).map(fillView) });
      return m.onChange((c) => {
        if (c.fills.length > 0) emit({ snapshot: false, fills: c.fills.map(fillView) });
      });
    },
    positions: (_params, emit) => {
      const send = () => emit({ positions: m.positions() });
      send();
      // Unrealized P&L moves with the market, not only with fills.
      const timer = setInterval(send, 1000);
      const off = m.onChange((c) => {
        if (c.fills.length > 0) send();
      });
      return () => {
        clearInterval(timer);
        off();
      };
    },
    'risk.events': (_params, emit) => {
      emit({ state: m.riskState(), events: m.riskEvents(50) });
      const offRisk = m.onRisk((e) => emit({ state: m.riskState(), events: [e] }));
      const offChange = m.onChange((c) => {
        if (c.risk) emit({ state: m.riskState(), events: [] });
      });
      return () => {
        offRisk();
        offChange();
      };
    },
  };
}

/** Parses an untrusted payload with the channel's schema (what the core does once merged). */
export async function invokeOrderChannel(
  m: OrderManager,
  channel: OrderRequestChannel,
  payload: unknown,
): Promise<unknown> {
  const spec = orderRequestSchemas[channel];
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success)
    throw new ContractError(
      'BAD_REQUEST',
      `bad ${channel} request: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  const handler = orderHandlers(() => m)[channel] as (p: unknown) => unknown;
  return spec.response.parse(await handler(parsed.data));
}

const NOT_YET = 'Trading starts once the keychain is unlocked and the venues are up';

export function registerOrderServices(core: CrossbookCore, active: ActiveOrderManager): void {
  // Typed per channel here, so the loop below may treat them alike.
  const handlers: { [C in OrderRequestChannel]: RequestHandler<C> } = orderHandlers(() => {
    const m = active.current();
    if (!m) throw new ContractError('UNAVAILABLE', NOT_YET);
    return m;
  });
  for (const channel of Object.keys(handlers) as OrderRequestChannel[]) {
    core.handle(channel, handlers[channel] as RequestHandler<OrderRequestChannel>);
  }
  // Each stream is bound to the manager of the moment; a new profile means a new journal and new
  // orders, so the stream ends and the window subscribes again.
  const bind =
    <P, E>(open: (m: OrderManager, params: P, emit: (e: E) => void) => () => void) =>
    (params: P, emit: (e: E) => void, _caller: CallerContext, fail: (e: ContractError) => void) => {
      const m = active.current();
      if (!m) {
        fail(new ContractError('UNAVAILABLE', NOT_YET));
        return () => {};
      }
      const stop = open(m, params, emit);
      const off = active.onReplaced(() =>
        fail(new ContractError('UNAVAILABLE', 'the trading profile changed')),
      );
      return () => {
        stop();
        off();
      };
    };
  core.provide(
    'orders',
    bind((m, p, e) => orderProviders(m).orders(p, e)),
  );
  core.provide(
    'fills',
    bind((m, p, e) => orderProviders(m).fills(p, e)),
  );
  core.provide(
    'positions',
    bind((m, p, e) => orderProviders(m).positions(p, e)),
  );
  core.provide(
    'risk.events',
    bind((m, p, e) => orderProviders(m)['risk.events'](p, e)),
  );
}

// Registers the order, risk and SOR requests and streams with the core. Handlers are typed
// against shared/contract/orders.ts, which the contract registries spread in.
import type { z } from 'zod';
import { ContractError } from '../../shared/contract/errors';
import type { orderStreamSchemas } from '../../shared/contract/orders';
import {
  orderRequestSchemas,
  type OrderRequestChannel,
  type OrderStreamName,
} from '../../shared/contract/orders';
import type { CallerContext, CrossbookCore } from '../base/crossbook-core';
import { cancelEverything, killSwitch } from './kill';
import type { OrderManager } from './manager';
import { parentViews, sorPreview, sorSend } from './parent';
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

export function orderHandlers(m: OrderManager): OrderHandlers {
  return {
    'orders.place': (p) => m.place(p),
    'orders.modify': async ({ clientOrderId, price, size }) => ({
      order: orderView(
        await m.modify(clientOrderId, { ...(price ? { price } : {}), ...(size ? { size } : {}) }),
      ),
    }),
    'orders.cancel': async ({ clientOrderId }) => ({ order: orderView(await m.cancel(clientOrderId)) }),
    'orders.cancelAll': ({ venue, market }) => cancelEverything(m, venue, market),
    'risk.kill': async () => ({ ...(await killSwitch(m)), state: m.riskState() }),
    'risk.arm': ({ armed }) => m.arm(armed),
    'risk.limits.get': () => m.store.limits,
    'risk.limits.set': (limits) => m.setLimits(limits),
    'sor.preview': (p) => sorPreview(m, p),
    'sor.send': (p) => sorSend(m, p),
  };
}

function snapshotOrders(m: OrderManager, recentLimit: number): Event<'orders'> {
  const all = [...m.store.orders.values()];
  const recent = all
    .filter((o) => isTerminal(o.status))
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, recentLimit);
  return {
    working: all.filter((o) => isLive(o.status)).map(orderView),
    recent: recent.map(orderView),
    parents: parentViews(m),
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
      const send = () => emit({ positions: m.store.positions.views(m.options.mids) });
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
      emit({ state: m.riskState(), events: m.riskEvents.slice(-50) });
      const offRisk = m.onRisk((e) => emit({ state: m.riskState(), events: e ? [e] : [] }));
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
  const handler = orderHandlers(m)[channel] as (p: unknown) => unknown;
  return spec.response.parse(await handler(parsed.data));
}

/** The order manager of the active profile; it is replaced when the profile changes. */
export interface OrderManagerHolder {
  current(): OrderManager | undefined;
  /** Called after the manager was replaced (or removed). */
  onReplaced(listener: () => void): () => void;
}

export function registerOrderServices(core: CrossbookCore, holder: OrderManagerHolder): void {
  const need = (): OrderManager => {
    const m = holder.current();
    if (!m)
      throw new ContractError(
        'UNAVAILABLE',
        'Trading starts once the keychain is unlocked and the venues are up',
      );
    return m;
  };
  const h = () => orderHandlers(need());
  core.handle('orders.place', (p) => h()['orders.place'](p));
  core.handle('orders.modify', (p) => h()['orders.modify'](p));
  core.handle('orders.cancel', (p) => h()['orders.cancel'](p));
  core.handle('orders.cancelAll', (p) => h()['orders.cancelAll'](p));
  core.handle('risk.kill', (p) => h()['risk.kill'](p));
  core.handle('risk.arm', (p) => h()['risk.arm'](p));
  core.handle('risk.limits.get', (p) => h()['risk.limits.get'](p));
  core.handle('risk.limits.set', (p) => h()['risk.limits.set'](p));
  core.handle('sor.preview', (p) => h()['sor.preview'](p));
  core.handle('sor.send', (p) => h()['sor.send'](p));
  // Each stream is bound to the manager of the moment; a new profile means a new journal and new
  // orders, so the stream ends and the window subscribes again.
  const bind =
    <P, E>(open: (m: OrderManager, params: P, emit: (e: E) => void) => () => void) =>
    (params: P, emit: (e: E) => void, _caller: CallerContext, fail: (e: ContractError) => void) => {
      const m = holder.current();
      if (!m) {
        fail(
          new ContractError(
            'UNAVAILABLE',
            'Trading starts once the keychain is unlocked and the venues are up',
          ),
        );
        return () => {};
      }
      const stop = open(m, params, emit);
      const off = holder.onReplaced(() =>
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

// What each /ws subscription sends after its ack (alor.md §4.2, §4.4): market feeds (book,
// quotes, all trades, bars, instrument) and portfolio feeds (orders, stop orders, trades,
// positions, summaries, risks). History first with `existing: true` where the format has the
// flag, then live records.
import type { SimMarket } from '../../simkit/types';
import type { AlorFormat, AlorOrderStatus, AlorWsRequest } from '../wire/alor-wire';
import { bucketStart, merge, tradeBar, type Bar, type BarHistory } from './bars';
import type { Broker } from './broker';
import { portfolioFigures } from './figures';
import { renderBook, renderOrder, renderPublicTrade, renderQuote, renderStopOrder } from './render';
import { renderPosition, renderTrade } from './render-portfolio';
import { renderBar, renderInstrument, renderRisk, renderSummary } from './render-feeds';
import type { AlorInstrument } from './specs';

export interface Sub {
  guid: string;
  /** Market-data subscriptions are the ones stall/sendMalformed act on. */
  marketData: boolean;
  stop(): void;
  /** Sends what was held back while feeds were stalled. */
  resume?(): void;
}

/** The latest state of a conflated stream; null when there is nothing to send. */
export type ConflatedState = { key: string; force: boolean; build: () => unknown } | null;

export interface FeedHost {
  broker: Broker;
  bars: BarHistory;
  stalled(): boolean;
  send(guid: string, data: unknown): void;
  conflated(
    guid: string,
    frequency: number | undefined,
    format: AlorFormat,
    state: (force: boolean) => ConflatedState,
    listen: (kick: () => void) => () => void,
    marketData?: boolean,
  ): Sub;
}

export function subscribeFeed(
  host: FeedHost,
  req: Exclude<AlorWsRequest, { opcode: 'unsubscribe' | 'SpectraRisksGetAndSubscribe' }>,
  format: AlorFormat,
  i?: AlorInstrument,
  m?: SimMarket,
): Sub {
  const b = host.broker;
  const guid = req.guid;
  const send = (data: unknown) => host.send(guid, data);
  switch (req.opcode) {
    case 'OrderBookGetAndSubscribe': {
      const depth = req.depth ?? 20;
      let existing = true;
      return host.conflated(
        guid,
        req.frequency,
        format,
        (force) => {
          const snap = m!.snapshot(depth);
          const key = JSON.stringify(snap);
          return {
            key,
            force,
            build: () => {
              const out = renderBook(snap, i!, format, existing, Date.now());
              existing = false;
              return out;
            },
          };
        },
        (kick) => m!.onChanges(kick),
      );
    }
    case 'QuotesSubscribe':
      return host.conflated(
        guid,
        req.frequency,
        format,
        (force) => {
          const snap = m!.snapshot(50);
          const stats = b.marketStats(i!.symbol)!;
          const key = JSON.stringify([snap.bids[0], snap.asks[0], stats]);
          return { key, force, build: () => renderQuote(i!, stats, snap, format, Date.now()) };
        },
        (kick) => {
          const a = m!.onChanges(kick);
          const c = m!.onTrade(kick);
          return () => (a(), c());
        },
      );
    case 'AllTradesGetAndSubscribe': {
      for (const t of b.recentTrades(i!.symbol, req.depth ?? 0)) send(renderPublicTrade(t, i!, format, true));
      const off = b.onPublicTrade((t) => {
        if (t.symbol === i!.symbol && !host.stalled()) send(renderPublicTrade(t, i!, format, false));
      });
      return { guid, marketData: true, stop: off };
    }
    case 'OrdersGetAndSubscribeV2':
    case 'StopOrdersGetAndSubscribeV2': {
      const stops = req.opcode === 'StopOrdersGetAndSubscribeV2';
      const statuses = req.orderStatuses?.length ? new Set<AlorOrderStatus>(req.orderStatuses) : undefined;
      const mine = (r: { portfolio: string; instrument: AlorInstrument }) =>
        r.portfolio === req.portfolio && r.instrument.exchange === req.exchange;
      if (!req.skipHistory) {
        // orderStatuses filters the initial history only (alor.md §4.2).
        const history = stops ? b.stops.all() : [...b.orders.values()];
        for (const r of history) {
          if (!mine(r) || (statuses && !statuses.has(r.status))) continue;
          send(stops ? renderStopOrder(r as never, format, true) : renderOrder(r as never, format, true));
        }
      }
      const off = stops
        ? b.onStop((r) => mine(r) && send(renderStopOrder(r, format, false)))
        : b.onOrder((r) => mine(r) && send(renderOrder(r, format, false)));
      return { guid, marketData: false, stop: off };
    }
    case 'TradesGetAndSubscribeV2': {
      const mine = (r: { portfolio: string; instrument: AlorInstrument }) =>
        r.portfolio === req.portfolio && r.instrument.exchange === req.exchange;
      if (!req.skipHistory) for (const t of b.trades) if (mine(t)) send(renderTrade(t, format, true));
      return {
        guid,
        marketData: false,
        stop: b.onTrade((t) => mine(t) && send(renderTrade(t, format, false))),
      };
    }
    case 'PositionsGetAndSubscribeV2': {
      const mine = (p: { portfolio: string; instrument?: AlorInstrument }) =>
        p.portfolio === req.portfolio && (p.instrument?.exchange ?? 'MOEX') === req.exchange;
      if (!req.skipHistory)
        for (const p of b.positions.values()) if (mine(p)) send(renderPosition(p, format, true));
      return {
        guid,
        marketData: false,
        stop: b.onPosition((p) => mine(p) && send(renderPosition(p, format, false))),
      };
    }
    case 'SummariesGetAndSubscribeV2':
    case 'RisksGetAndSubscribe': {
      // Both are recomputed whenever a position or a last price changes, conflated like market
      // data; with skipHistory the current figures are not sent until they next change.
      const summary = req.opcode === 'SummariesGetAndSubscribeV2';
      let skip = req.skipHistory === true;
      return host.conflated(
        guid,
        req.frequency,
        format,
        () => {
          const figures = portfolioFigures(b, req.exchange);
          const key = JSON.stringify(figures);
          if (skip) {
            skip = false;
            return { key, force: false, build: () => undefined };
          }
          return {
            key,
            force: false,
            build: () =>
              summary
                ? renderSummary(figures, format)
                : renderRisk(figures, req.portfolio, req.exchange, format, Date.now()),
          };
        },
        (kick) => {
          const a = b.onPosition(kick);
          const c = b.onPublicTrade(kick);
          return () => (a(), c());
        },
        false,
      );
    }
    case 'InstrumentsGetAndSubscribeV2':
      // The full record first; later messages would carry only changed fields (the spec's
      // "partial" examples), and nothing in the simulated instruments changes during a session.
      send(renderInstrument(i!, format));
      return { guid, marketData: true, stop: () => {} };
    case 'BarsGetAndSubscribe':
      return subscribeBars(host, req, format, i!);
  }
}

function subscribeBars(
  host: FeedHost,
  req: Extract<AlorWsRequest, { opcode: 'BarsGetAndSubscribe' }>,
  format: AlorFormat,
  i: AlorInstrument,
): Sub {
  const { guid, tf } = req;
  // `from` names the first candle wanted; the candle holding that instant is the first sent
  // (the reading under which a client asking "from now" still gets the current candle) [INF].
  const history = host.bars.history(i.symbol, tf, bucketStart(req.from, tf));
  const nowStart = bucketStart(Math.floor(Date.now() / 1000), tf);
  const last = history[history.length - 1];
  let current: Bar | null = last && last.time === nowStart ? { ...last } : null;
  let sentKey = '';
  const emit = (bar: Bar) => {
    sentKey = JSON.stringify(bar);
    host.send(guid, renderBar(bar, i, format));
  };
  if (!req.skipHistory) for (const bar of history) emit(bar);
  if (current) sentKey = req.skipHistory ? JSON.stringify(current) : sentKey;
  let kick: () => void = () => {};
  const off = host.broker.onPublicTrade((t) => {
    if (t.symbol !== i.symbol) return;
    const start = bucketStart(Math.floor(t.timeMs / 1000), tf);
    if (current && start <= current.time) {
      merge(current, tradeBar(t, current.time));
    } else {
      // A candle closed: its final state goes out before the next one starts, so conflation
      // never hides how a candle ended.
      if (current && JSON.stringify(current) !== sentKey && !host.stalled()) emit(current);
      current = tradeBar(t, start);
    }
    kick();
  });
  return host.conflated(
    guid,
    req.frequency,
    format,
    () => {
      if (!current || JSON.stringify(current) === sentKey) return null;
      const bar = { ...current };
      return {
        key: JSON.stringify(bar),
        force: false,
        build: () => ((sentKey = JSON.stringify(bar)), renderBar(bar, i, format)),
      };
    },
    (k) => {
      kick = k;
      return off;
    },
  );
}

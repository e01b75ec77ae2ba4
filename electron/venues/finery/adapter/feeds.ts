// The account-side feeds: I (currencies + instruments → markets()), P and K (positions), O (our
// orders and deals). Each message's data is validated whole before anything is applied; a bad
// one is counted, logged, and its feed rebound for a fresh snapshot.
import type { z } from 'zod';
import { formatScaled } from '../../../../shared/decimal';
import type { Logger } from '../../../base/log';
import type { VenueMarketInfo, VenuePosition } from '../../common/adapter';
import type { FeedMessage } from '../wire/finery-wire';
import { WIRE_SCALE } from '../wire/finery-wire';
import {
  currencyRecordSchema,
  dealRecordSchema,
  fromWire,
  instrumentRecordSchema,
  instrumentsSnapshotSchema,
  orderListSchema,
  orderRecordSchema,
  positionListSchema,
  positionRecordSchema,
  positionsReplySchema,
  toDealRec,
  toOrderRec,
} from './codec';
import type { OrderDesk } from './orders';
import type { Binding } from './session';
import type { OrderTracker } from './tracker';

export interface FeedsHost {
  log: Logger;
  tracker: OrderTracker;
  desk: OrderDesk;
  emitPosition(p: VenuePosition): void;
  rebind(b: Binding): void;
  changed(): void;
}

type Currency = z.infer<typeof currencyRecordSchema>;
type Instrument = z.infer<typeof instrumentRecordSchema>;

export class AccountFeeds {
  private readonly currencies = new Map<string, Currency>();
  private readonly instruments = new Map<string, Instrument>();
  private loaded = false;
  malformed = 0;

  constructor(private readonly host: FeedsHost) {}

  known(): boolean {
    return this.loaded;
  }

  market(name: string): VenueMarketInfo | undefined {
    const i = this.instruments.get(name);
    return i ? this.info(i) : undefined;
  }

  markets(): VenueMarketInfo[] {
    return [...this.instruments.values()].flatMap((i) => this.info(i) ?? []);
  }

  private info(i: Instrument): VenueMarketInfo | undefined {
    const asset = this.currencies.get(i[2]);
    const balance = this.currencies.get(i[3]);
    if (!asset || !balance || asset[2] <= 0 || balance[2] <= 0) return undefined;
    const tickSize = formatScaled(balance[2], WIRE_SCALE);
    const lotSize = formatScaled(asset[2], WIRE_SCALE);
    return {
      venue: 'finery',
      market: i[0],
      // Finery names instruments ASSET-BALANCE, the canonical form already (BTC-USD → BTC-USD).
      canonical: `${i[2]}-${i[3]}`,
      priceDecimals: decimals(tickSize),
      sizeDecimals: decimals(lotSize),
      tickSize,
      lotSize,
    };
  }

  onFeed(m: FeedMessage, b: Binding | undefined): void {
    if (m.action === 'Z') return this.host.changed();
    try {
      switch (m.feed) {
        case 'I':
        case 'C':
          return this.instrumentsMsg(m, b);
        case 'P':
          return this.positionsSnapshot(m, b);
        case 'K':
          return this.positionsMsg(m, b);
        case 'O':
          return this.ordersMsg(m, b);
        default:
          this.host.log.debug('frame for a feed we did not bind', { feed: m.feed });
      }
    } catch (e) {
      this.malformed++;
      this.host.log.warn('invalid feed data; rebinding the feed', {
        feed: m.feed,
        action: m.action,
        error: (e instanceof Error ? e.message : String(e)).slice(0, 300),
      });
      if (b && b.state !== 'failed') this.host.rebind(b);
    }
  }

  private bound(b: Binding | undefined): void {
    if (b && b.state === 'binding') {
      b.state = 'bound';
      this.host.changed();
    }
  }

  private instrumentsMsg(m: FeedMessage, b: Binding | undefined): void {
    if (m.feed === 'I' && m.action === 'S') {
      const [currencies, instruments] = instrumentsSnapshotSchema.parse(m.data);
      this.currencies.clear();
      this.instruments.clear();
      for (const c of currencies) this.currencies.set(c[0], c);
      for (const i of instruments) this.instruments.set(i[0], i);
      this.loaded = true;
      return this.bound(b);
    }
    if (m.feed === 'C') {
      const c = currencyRecordSchema.parse(m.data);
      if (m.action === '-') this.currencies.delete(c[0]);
      else this.currencies.set(c[0], c);
      return;
    }
    const i = instrumentRecordSchema.parse(m.data);
    if (m.action === '-') this.instruments.delete(i[0]);
    else this.instruments.set(i[0], i);
  }

  private positionsSnapshot(m: FeedMessage, b: Binding | undefined): void {
    if (m.action !== 'S') return;
    const [, positions] = positionsReplySchema.parse(m.data);
    const at = Date.now();
    for (const p of positions)
      this.host.emitPosition({ venue: 'finery', instrument: p[0], size: fromWire(p[1]), at });
    this.bound(b);
  }

  private positionsMsg(m: FeedMessage, b: Binding | undefined): void {
    const at = Date.now();
    if (m.action === 'S') {
      for (const p of positionListSchema.parse(m.data))
        this.host.emitPosition({ venue: 'finery', instrument: p[0], size: fromWire(p[1]), at });
      return this.bound(b);
    }
    const p = positionRecordSchema.parse(m.data);
    this.host.emitPosition({
      venue: 'finery',
      instrument: p[0],
      size: m.action === '-' ? '0' : fromWire(p[1]),
      at,
    });
  }

  private ordersMsg(m: FeedMessage, b: Binding | undefined): void {
    const t = this.host.tracker;
    switch (m.action) {
      case 'S': {
        const list = orderListSchema.parse(m.data).map(toOrderRec);
        this.host.desk.history.reconcile(list).then(
          () => this.bound(b),
          (e: unknown) => {
            this.host.log.warn('order reconciliation failed; will retry on the next snapshot', {
              error: e instanceof Error ? e.message : String(e),
            });
            this.bound(b);
          },
        );
        return;
      }
      case '+':
        t.fromRecord(toOrderRec(orderRecordSchema.parse(m.data)), false);
        return;
      case '-':
        t.fromRecord(toOrderRec(orderRecordSchema.parse(m.data)), true);
        return;
      case 'D':
        t.fromDeal(toDealRec(dealRecordSchema.parse(m.data)));
        return;
      default:
        throw new Error(`unexpected action ${m.action} on feed O`);
    }
  }
}

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

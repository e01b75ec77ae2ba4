// ALOR's HTTP API for what the sockets do not give: instrument reference data (lot, price step)
// and the portfolio lists used by openOrders()/fillsSince() (alor.md §5, §8).
import { z } from 'zod';
import { parseScaled } from '../../../../shared/decimal';
import type { Logger } from '../../../base/log';
import type { VenueMarketInfo } from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import type { MarketGrid } from './commands';
import { priceText } from './numbers';
import { alorSecuritySchema } from '../wire/alor-wire';
import { orderRecordSchema, stopRecordSchema, tradeRecordSchema } from './portfolio';

export const securitySchema = alorSecuritySchema.pick({
  symbol: true,
  exchange: true,
  lotsize: true,
  minstep: true,
  pricestep: true,
  board: true,
  primary_board: true,
});
export type Security = z.infer<typeof securitySchema>;

export interface HttpOptions {
  apiUrl: string;
  timeoutMs: number;
  /** Current access token; `fresh` asks for a newly minted one after a 401. */
  token(fresh: boolean): Promise<string>;
}

export class AlorHttp {
  constructor(private readonly options: HttpOptions) {}

  security(exchange: string, symbol: string): Promise<Security> {
    return this.get(`/md/v2/Securities/${enc(exchange)}/${enc(symbol)}`, securitySchema, false);
  }

  orders(exchange: string, portfolio: string) {
    return this.get(
      `/md/v2/Clients/${enc(exchange)}/${enc(portfolio)}/orders?format=Simple`,
      z.array(orderRecordSchema),
      true,
    );
  }

  stopOrders(exchange: string, portfolio: string) {
    return this.get(
      `/md/v2/Clients/${enc(exchange)}/${enc(portfolio)}/stoporders?format=Simple`,
      z.array(stopRecordSchema),
      true,
    );
  }

  trades(exchange: string, portfolio: string) {
    return this.get(
      `/md/v2/Clients/${enc(exchange)}/${enc(portfolio)}/trades?format=Simple`,
      z.array(tradeRecordSchema),
      true,
    );
  }

  private async get<T>(path: string, schema: z.ZodType<T>, auth: boolean, retried = false): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth) headers.authorization = `Bearer ${await this.options.token(retried)}`;
    let res: Response;
    try {
      res = await fetch(this.options.apiUrl + path, {
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      throw new VenueError('unavailable', `ALOR HTTP API unreachable (${(err as Error).name})`, true);
    }
    if (res.status === 401 && auth && !retried) {
      await res.body?.cancel();
      return this.get(path, schema, auth, true);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      const kind =
        res.status === 401 || res.status === 403
          ? 'unauthorized'
          : res.status === 404
            ? 'not_found'
            : 'unavailable';
      throw new VenueError(
        kind,
        `ALOR HTTP API answered ${res.status} for ${path.split('?')[0]}`,
        kind === 'unavailable',
        res.status,
      );
    }
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success)
      throw new VenueError('invalid', `ALOR HTTP API sent an unreadable reply for ${path.split('?')[0]}`);
    return parsed.data;
  }
}

const enc = encodeURIComponent;

/**
 * markets(): price step and board per configured symbol from ALOR's securities endpoint, loaded
 * once (a symbol ALOR does not list is logged and left out). Sizes are lots: sizeDecimals 0,
 * lotSize "1" (shares per lot, `lotsize`, matters only for money, which ALOR computes itself).
 */
export async function loadMarkets(
  http: AlorHttp,
  cfg: { exchange: string; symbols: string[]; board: string },
  grids: Map<string, { info: VenueMarketInfo; grid: MarketGrid }>,
  log: Logger,
): Promise<void> {
  for (const symbol of cfg.symbols) {
    if (grids.has(symbol)) continue;
    let s: Security;
    try {
      s = await http.security(cfg.exchange, symbol);
    } catch (err) {
      if (err instanceof VenueError && err.kind === 'not_found') {
        log.warn('ALOR does not list a configured symbol', { symbol });
        continue;
      }
      throw err;
    }
    const tickSize = priceText(s.minstep || s.pricestep);
    const priceDecimals = (tickSize.split('.')[1] ?? '').length;
    const tickUnits = parseScaled(tickSize, priceDecimals);
    if (tickUnits <= 0) throw new VenueError('invalid', `ALOR lists ${symbol} with a zero price step`);
    const board = s.primary_board || s.board || cfg.board;
    grids.set(symbol, {
      info: {
        venue: 'alor',
        market: symbol,
        canonical: symbol,
        priceDecimals,
        sizeDecimals: 0,
        tickSize,
        lotSize: '1',
        minSize: '1',
      },
      grid: { symbol, board, priceDecimals, tickUnits },
    });
  }
}

// The portfolio's money figures behind SummariesGetAndSubscribeV2 and RisksGetAndSubscribe, in
// kopecks, from the broker's positions valued at each instrument's last trade price.
import { START_CASH_KOPECKS, type Broker } from './broker';

export interface PortfolioFigures {
  /** Money plus positions at the last price (ALOR's portfolioEvaluation). */
  evaluation: number;
  initialMargin: number;
  minimalMargin: number;
  /** Money at the start; the simulator has no trading day, so this is "at morning". */
  morningCash: number;
  hasShortPositions: boolean;
}

/**
 * The simulator publishes no risk rates, so one flat rate stands for a standard-risk client's
 * shares: initial margin 20% of each position's value, minimal margin half of it (the spec's
 * risk example has minimalMargin exactly half of initialMargin) [INF].
 */
const INITIAL_MARGIN_PERCENT = 20;

export function portfolioFigures(broker: Broker, exchange: string): PortfolioFigures {
  let evaluation = exchange === 'MOEX' ? (broker.positions.get('RUB')?.qty ?? 0) : 0;
  let initialMargin = 0;
  let hasShortPositions = false;
  for (const p of broker.positions.values()) {
    const i = p.instrument;
    if (!i || i.exchange !== exchange || p.qty === 0) continue;
    const last = broker.marketStats(i.symbol)?.last ?? p.last;
    const value = toKopecks(last * p.qty * i.lotSize, i.priceDecimals);
    evaluation += value;
    initialMargin += Math.round((Math.abs(value) * INITIAL_MARGIN_PERCENT) / 100);
    if (p.qty < 0) hasShortPositions = true;
  }
  return {
    evaluation,
    initialMargin,
    minimalMargin: Math.round(initialMargin / 2),
    morningCash: exchange === 'MOEX' ? START_CASH_KOPECKS : 0,
    hasShortPositions,
  };
}

function toKopecks(value: number, decimals: number): number {
  return decimals <= 2 ? value * 10 ** (2 - decimals) : Math.round(value / 10 ** (decimals - 2));
}

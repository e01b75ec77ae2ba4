// /ws data shapes of the candle, instrument, summary and risk feeds in the three formats, keyed
// as WarpOpenAPIv2's response_HistoryObject_*, response_Instruments_*, response_Summary_* and
// response_Risk_* (and ALOR's SDK models where the spec's example and schema disagree).
import type { AlorFormat } from '../wire/alor-wire';
import type { Bar } from './bars';
import type { PortfolioFigures } from './figures';
import { iso7, px } from './render';
import { priceLimits, type AlorInstrument } from './specs';

type Obj = Record<string, unknown>;
const rub = (kopecks: number) => px(kopecks, 2);

export function renderBar(b: Bar, i: AlorInstrument, format: AlorFormat): Obj {
  const p = (v: number) => px(v, i.priceDecimals);
  if (format === 'Slim')
    return { t: b.time, c: p(b.close), o: p(b.open), h: p(b.high), l: p(b.low), v: b.volume };
  return {
    time: b.time,
    close: p(b.close),
    open: p(b.open),
    high: p(b.high),
    low: p(b.low),
    volume: b.volume,
  };
}

/** The full instrument record (the feed's first message); margins match GET /md/v2/Securities. */
export function renderInstrument(i: AlorInstrument, format: AlorFormat): Obj {
  const limits = priceLimits(i);
  const f = {
    symbol: i.symbol,
    exchange: i.exchange,
    board: i.board,
    tradingStatus: 17,
    tradingStatusInfo: 'нормальный период торгов',
    priceMin: px(limits.min, i.priceDecimals),
    priceMax: px(limits.max, i.priceDecimals),
    marginBuy: 0,
    marginSell: 0,
    marginSyntetic: 0,
    theorPrice: 0,
    theorPriceLimit: 0,
    volatility: 0,
  };
  if (format !== 'Slim') return f;
  return {
    sym: f.symbol,
    ex: f.exchange,
    bd: f.board,
    st: f.tradingStatus,
    sti: f.tradingStatusInfo,
    pxmn: f.priceMin,
    pxmx: f.priceMax,
    mgb: f.marginBuy,
    mgs: f.marginSell,
    mgsnt: f.marginSyntetic,
    pxt: f.theorPrice,
    pxtl: f.theorPriceLimit,
  };
}

export function renderSummary(x: PortfolioFigures, format: AlorFormat): Obj {
  // Buying power is the evaluation less the initial margin, as in the spec's example (99900 −
  // 713 ≈ 99186).
  const buyingPower = x.evaluation - x.initialMargin;
  const profit = x.evaluation - x.morningCash;
  const profitRate = x.morningCash === 0 ? 0 : Math.round((profit * 10_000) / x.morningCash) / 100;
  const f = {
    buyingPowerAtMorning: rub(x.morningCash),
    buyingPower: rub(buyingPower),
    profit: rub(profit),
    profitRate,
    portfolioEvaluation: rub(x.evaluation),
    portfolioLiquidationValue: rub(x.evaluation),
    initialMargin: rub(x.initialMargin),
    correctedMargin: rub(x.initialMargin),
    riskBeforeForcePositionClosing: rub(x.evaluation - x.minimalMargin),
    // The simulator charges no commission (own trades report commission 0).
    commission: 0,
    buyingPowerByCurrency: [{ currency: 'RUB', buyingPower: rub(buyingPower) }],
  };
  if (format !== 'Slim') return f;
  // The spec's Slim example spells the currency list `bp2v`, its schema and ALOR's SDK `bpv2`;
  // the SDK is what clients deserialise with, so `bpv2`.
  return {
    bpm: f.buyingPowerAtMorning,
    bp: f.buyingPower,
    p: f.profit,
    pr: f.profitRate,
    pe: f.portfolioEvaluation,
    plv: f.portfolioLiquidationValue,
    im: f.initialMargin,
    mgc: f.correctedMargin,
    r: f.riskBeforeForcePositionClosing,
    cms: f.commission,
    bpv2: [{ cr: 'RUB', bp: f.buyingPower }],
  };
}

export function renderRisk(
  x: PortfolioFigures,
  portfolio: string,
  exchange: string,
  format: AlorFormat,
  nowMs: number,
): Obj {
  const r1 = x.evaluation - x.initialMargin;
  const r2 = x.evaluation - x.minimalMargin;
  // Ok: НПР1 ≥ 0 and НПР2 ≥ 0; Demand: НПР1 < 0, НПР2 ≥ 0; ToClose: both below zero (spec).
  const riskStatus = r1 >= 0 ? 'Ok' : r2 >= 0 ? 'Demand' : 'ToClose';
  const f = {
    portfolio,
    exchange,
    portfolioEvaluation: rub(x.evaluation),
    portfolioLiquidationValue: rub(x.evaluation),
    initialMargin: rub(x.initialMargin),
    minimalMargin: rub(x.minimalMargin),
    correctedMargin: rub(x.initialMargin),
    riskCoverageRatioOne: rub(r1),
    riskCoverageRatioTwo: rub(r2),
    riskCategoryId: 1,
    clientType: 'StandardRisk',
    hasForbiddenPositions: false,
    hasNegativeQuantity: x.hasShortPositions,
    riskStatus,
    calculationTime: iso7(nowMs),
  };
  if (format !== 'Slim') return f;
  return {
    p: f.portfolio,
    ex: f.exchange,
    pe: f.portfolioEvaluation,
    plv: f.portfolioLiquidationValue,
    mgi: f.initialMargin,
    mgmn: f.minimalMargin,
    mgc: f.correctedMargin,
    r1: f.riskCoverageRatioOne,
    r2: f.riskCoverageRatioTwo,
    rid: f.riskCategoryId,
    ct: f.clientType,
    fpos: f.hasForbiddenPositions,
    nq: f.hasNegativeQuantity,
    rst: f.riskStatus,
    t: f.calculationTime,
  };
}

// The unit an instrument's sizes are in, for labels: ALOR trades in lots; crypto and FX venues in
// the base currency (the first part of the canonical pair, as in BTC-USD).
import type { InstrumentInfo } from '../../../shared/contract';

export function sizeUnit(info: InstrumentInfo): string {
  if (info.venues.length === 1 && info.venues[0] === 'alor') return 'lots';
  return info.canonical.split(/[-/]/)[0] ?? '';
}

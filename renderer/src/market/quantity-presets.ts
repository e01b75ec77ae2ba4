// Quantity presets sized to the instrument. One set (1/5/10/25) for everything meant 1 BTC and
// 1 lot of SBER alike; the defaults now step from the smallest round size, on the instrument's lot
// grid, worth at least TARGET_NOTIONAL at the first mid price the ladder sees. The trader's own
// presets are kept per instrument in localStorage and win over the defaults.
import { z } from 'zod';
import { formatScaled, parseScaled } from '../../../shared/decimal';

/** In quote units, whatever the currency: only picks the order of magnitude of the first preset. */
const TARGET_NOTIONAL = 100;
const MULTIPLES = [1, 5, 10, 25];
const PRESETS_KEY = 'crossbook.ladder.presets';

const Size = z.string().regex(/^\d+(\.\d+)?$/);
const StoredPresets = z.record(z.string().max(64), z.array(Size).min(1).max(8));

function powerOfTen(k: number): string {
  return k >= 0 ? `1${'0'.repeat(k)}` : `0.${'0'.repeat(-k - 1)}1`;
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Presets for an instrument with this lot size at this mid price. The mid is a float from the frame:
 * it only chooses a power of ten, and every preset returned is an exact decimal on the lot grid.
 */
export function defaultPresets(lotSize: string, mid: number): string[] {
  const lotDecimals = decimalsOf(lotSize);
  let k = -lotDecimals;
  while (Number(powerOfTen(k)) < Number(lotSize)) k++;
  if (Number.isFinite(mid) && mid > 0)
    while (Number(powerOfTen(k)) * mid < TARGET_NOTIONAL && k < 12 - lotDecimals) k++;
  const scale = lotDecimals;
  const lot = parseScaled(lotSize, scale);
  const round = parseScaled(powerOfTen(k), scale);
  const base = lot > 0 ? Math.ceil(round / lot) * lot : round;
  return MULTIPLES.map((m) => formatScaled(base * m, scale));
}

export function loadPresets(storage: Storage, instrument: string): string[] | undefined {
  try {
    const parsed = StoredPresets.safeParse(JSON.parse(storage.getItem(PRESETS_KEY) ?? '{}'));
    return parsed.success ? parsed.data[instrument] : undefined;
  } catch {
    return undefined;
  }
}

export function savePresets(storage: Storage, instrument: string, presets: string[]): void {
  try {
    const parsed = StoredPresets.safeParse(JSON.parse(storage.getItem(PRESETS_KEY) ?? '{}'));
    const all = parsed.success ? parsed.data : {};
    storage.setItem(PRESETS_KEY, JSON.stringify({ ...all, [instrument]: presets }));
  } catch {
    // A full or blocked localStorage only costs remembering the presets for the next ladder.
  }
}

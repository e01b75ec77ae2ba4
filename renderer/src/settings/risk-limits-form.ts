// The risk limits form: the text fields a trader edits for one instrument (or the profile's
// defaults), checked field by field before anything is sent. The core checks again (the contract
// refuses a soft limit above its hard one); this only puts the reason next to the field first.
import type { InstrumentInfo, InstrumentLimits } from '../../../shared/contract';
import { compareDecimals } from '../../../shared/decimal';

export interface LimitsForm {
  bandPercent: string;
  maxNotional: string;
  softMaxNotional: string;
  maxSize: string;
  softMaxSize: string;
  maxOpenOrders: string;
}
export type LimitsField = keyof LimitsForm;
export const LIMIT_FIELDS: readonly LimitsField[] = [
  'bandPercent',
  'maxNotional',
  'softMaxNotional',
  'maxSize',
  'softMaxSize',
  'maxOpenOrders',
];

export const emptyLimitsForm = (): LimitsForm => ({
  bandPercent: '',
  maxNotional: '',
  softMaxNotional: '',
  maxSize: '',
  softMaxSize: '',
  maxOpenOrders: '',
});

/** The form for limits as the core holds them; a band in ticks is kept aside (shown, not edited). */
export function toForm(l: Partial<InstrumentLimits>): LimitsForm {
  return {
    bandPercent: l.priceBand && 'percent' in l.priceBand ? l.priceBand.percent : '',
    maxNotional: l.maxNotional ?? '',
    softMaxNotional: l.softMaxNotional ?? '',
    maxSize: l.maxSize ?? '',
    softMaxSize: l.softMaxSize ?? '',
    maxOpenOrders: l.maxOpenOrders !== undefined ? String(l.maxOpenOrders) : '',
  };
}

const DECIMAL = /^\d+(\.\d{1,18})?$/;
const positive = (s: string) => DECIMAL.test(s) && /[1-9]/.test(s);

/** The field's reason, or nothing; an empty field means "not set here". */
function fieldError(field: LimitsField, v: string): string | undefined {
  if (v === '') return undefined;
  if (field === 'maxOpenOrders')
    return /^\d{1,6}$/.test(v) && Number(v) >= 1 && Number(v) <= 100_000
      ? undefined
      : 'must be a whole number from 1 to 100000';
  if (!positive(v)) return 'must be a number greater than zero, such as 12.5';
  if (field === 'bandPercent' && compareDecimals(v, '100') > 0) return 'must be at most 100 %';
  return undefined;
}

export interface LimitsCheck {
  errors: Partial<Record<LimitsField, string>>;
  /** The limits to send, when the form is valid. */
  limits?: InstrumentLimits;
}

/**
 * Checks the form. A soft limit is compared with the hard limit in force (the form's own, else
 * `inForce`: the profile's or the shipped one), since that is the one it would warn below.
 */
export function checkLimits(form: LimitsForm, inForce: Partial<InstrumentLimits> = {}): LimitsCheck {
  const errors: Partial<Record<LimitsField, string>> = {};
  const v = (f: LimitsField) => form[f].trim();
  for (const f of LIMIT_FIELDS) {
    const e = fieldError(f, v(f));
    if (e) errors[f] = e;
  }
  const soft = (softField: LimitsField, hardField: LimitsField, hard: string | undefined, what: string) => {
    const s = v(softField);
    const h = v(hardField) || hard;
    if (errors[softField] || errors[hardField] || !s || !h) return;
    if (compareDecimals(s, h) > 0)
      errors[softField] = `must not be above the hard ${what} limit (${h}): it could never warn`;
  };
  soft('softMaxNotional', 'maxNotional', inForce.maxNotional, 'order value');
  soft('softMaxSize', 'maxSize', inForce.maxSize, 'size');
  if (Object.keys(errors).length > 0) return { errors };
  const limits: InstrumentLimits = {};
  if (v('bandPercent')) limits.priceBand = { percent: v('bandPercent') };
  if (v('maxNotional')) limits.maxNotional = v('maxNotional');
  if (v('softMaxNotional')) limits.softMaxNotional = v('softMaxNotional');
  if (v('maxSize')) limits.maxSize = v('maxSize');
  if (v('softMaxSize')) limits.softMaxSize = v('softMaxSize');
  if (v('maxOpenOrders')) limits.maxOpenOrders = Number(v('maxOpenOrders'));
  return { errors, limits };
}

/** The currency an instrument's order value is in, as the core reads it (BTC-USD: USD; SBER: RUB). */
export function quoteCurrency(info: Pick<InstrumentInfo, 'canonical' | 'venues'>): string {
  const parts = info.canonical.split(/[-/]/);
  if (parts.length >= 2) return parts[parts.length - 1]!.toUpperCase();
  return info.venues[0] === 'alor' ? 'RUB' : 'USD';
}

/** How a limit in force reads beside its field. */
export function describeLimit(field: LimitsField, l: Partial<InstrumentLimits>): string {
  switch (field) {
    case 'bandPercent':
      if (!l.priceBand) return 'none';
      return 'percent' in l.priceBand ? `±${l.priceBand.percent} %` : `±${l.priceBand.ticks} ticks`;
    case 'maxOpenOrders':
      return l.maxOpenOrders !== undefined ? String(l.maxOpenOrders) : 'none';
    default:
      return l[field] ?? 'none';
  }
}

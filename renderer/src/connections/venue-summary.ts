// The app-wide status must reflect the venues, not only the core process: "core live" next to a
// venue that is down would say the market data is fine when it is not.
import { VENUE_NAMES, type VenueStatus } from '../../../shared/domain';

export interface VenueSummary {
  /** e.g. "1 venue down", "2 venues down · 1 stale". */
  text: string;
  /** Which venues, in words, for a tooltip. */
  detail: string;
  tone: 'bad' | 'warn';
}

const plural = (n: number) => (n === 1 ? 'venue' : 'venues');

/**
 * Venues switched off or still starting (idle, connecting, authenticating) are not counted: they
 * were never live. A venue that was and is not (down, reconnecting) or that went quiet (stale) is.
 */
export function venueSummary(venues: readonly VenueStatus[]): VenueSummary | null {
  const down = venues.filter((v) => v.state === 'down' || v.state === 'reconnecting');
  const stale = venues.filter((v) => v.state === 'stale');
  if (down.length === 0 && stale.length === 0) return null;
  const parts: string[] = [];
  if (down.length) parts.push(`${down.length} ${plural(down.length)} down`);
  if (stale.length)
    parts.push(down.length ? `${stale.length} stale` : `${stale.length} ${plural(stale.length)} stale`);
  const name = (v: VenueStatus) => VENUE_NAMES[v.venue];
  const detail = [
    ...down.map((v) => `${name(v)}: ${v.state}${v.reason ? ` (${v.reason})` : ''}`),
    ...stale.map((v) => `${name(v)}: stale${v.reason ? ` (${v.reason})` : ''}`),
  ].join('\n');
  return { text: parts.join(' · '), detail, tone: down.length ? 'bad' : 'warn' };
}

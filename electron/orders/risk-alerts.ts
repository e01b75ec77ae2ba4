// The risk events a trader sees (kill, arm, disconnects, adoptions): the last 200 kept for a new
// window, each logged and pushed to listeners.
import type { RiskEvent } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import { createLogger } from '../base/log';
import type { RiskAlerts } from './ports';

const log = createLogger('orders');
const KEPT = 200;

export class RiskAlertLog implements RiskAlerts {
  private readonly events: RiskEvent[] = [];
  private readonly listeners = new Set<(e: RiskEvent) => void>();

  constructor(private readonly now: () => number) {}

  riskEvent(
    kind: RiskEvent['kind'],
    severity: RiskEvent['severity'],
    message: string,
    venue?: VenueId,
    ack?: { id: string; needsAck: boolean },
  ): void {
    const e: RiskEvent = {
      kind,
      severity,
      message: message.slice(0, 1000),
      at: this.now(),
      ...(venue ? { venue } : {}),
      ...(ack ?? {}),
    };
    this.events.push(e);
    if (this.events.length > KEPT) this.events.shift();
    (severity === 'info' ? log.info : log.warn)('risk event', { kind, venue, message });
    for (const l of this.listeners) l(e);
  }

  recent(count: number): RiskEvent[] {
    return this.events.slice(-count);
  }

  on(listener: (e: RiskEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

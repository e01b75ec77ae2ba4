// The board of per-venue connection states the renderer shows. Adapters report into it; every
// change is broadcast so a "connected" light can never outlive the connection it describes.
import { UP_STATES, VENUES, type VenueId, type VenueStatus } from '../../shared/domain';
import type { VenueStatusSource } from './app-services';

export class VenueStatusBoard implements VenueStatusSource {
  private readonly statuses = new Map<VenueId, VenueStatus>();
  private readonly listeners = new Set<(venues: VenueStatus[]) => void>();

  constructor(now: () => Date = () => new Date()) {
    for (const venue of VENUES) {
      this.statuses.set(venue, {
        venue,
        state: 'idle',
        reason: 'not connected yet',
        since: now().toISOString(),
      });
    }
  }

  current(): VenueStatus[] {
    return [...this.statuses.values()].map((s) => ({ ...s }));
  }

  update(venue: VenueId, change: Partial<Omit<VenueStatus, 'venue'>>): void {
    const previous = this.statuses.get(venue)!;
    const stateChanged = change.state !== undefined && change.state !== previous.state;
    const next: VenueStatus = {
      ...previous,
      ...change,
      venue,
      since: stateChanged ? (change.since ?? new Date().toISOString()) : previous.since,
    };
    if (stateChanged && change.reason === undefined) delete next.reason;
    // A venue that went away has no message rate, age or round trip: the last ones would read as
    // a live feed next to 'down'.
    if (stateChanged && !UP_STATES.has(next.state)) {
      delete next.messagesPerSecond;
      delete next.levelUpdatesPerSecond;
      delete next.lastMessageAgeMs;
      delete next.roundTripMs;
    }
    this.statuses.set(venue, next);
    const list = this.current();
    for (const listener of this.listeners) listener(list);
  }

  onChange(listener: (venues: VenueStatus[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

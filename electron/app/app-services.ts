// The core's own requests and streams (identity, echo, windows, heartbeat). Venue, engine,
// vault and order services register theirs beside these when the core is assembled.
import { ContractError, type StreamEventOf } from '../../shared/contract';
import type { ProfileName, VenueStatus, WindowBounds, WindowKind } from '../../shared/domain';
import type { CrossbookCore } from '../base/crossbook-core';

export interface HostServices {
  host: 'electron' | 'web';
  version: string;
  /** Opens a window of our own; the web host answers a URL for the page to open instead. */
  openWindow(
    kind: WindowKind,
    params: Record<string, string>,
    bounds?: WindowBounds,
  ): Promise<{ url?: string }>;
}

export interface VenueStatusSource {
  current(): VenueStatus[];
  onChange(listener: (venues: VenueStatus[]) => void): () => void;
}

export function registerAppServices(
  core: CrossbookCore,
  host: HostServices,
  profile: () => ProfileName,
  venues: VenueStatusSource,
): void {
  const startedAt = new Date().toISOString();

  core.handle('app.info', () => ({
    name: 'Crossbook' as const,
    version: host.version,
    host: host.host,
    profile: profile(),
    startedAt,
  }));

  core.handle('app.echo', ({ text }) => ({ text, receivedAt: new Date().toISOString() }));

  core.handle('window.open', async ({ kind, params, bounds }) => {
    if (kind === 'ladder' && !params?.instrument) {
      throw new ContractError('BAD_REQUEST', 'a ladder window needs an instrument');
    }
    return host.openWindow(kind, params ?? {}, bounds);
  });

  core.handle('venues.status', () => ({ venues: venues.current() }));

  core.provide('venues.status', (_params, emit) => {
    emit({ venues: venues.current() });
    return venues.onChange((list) => emit({ venues: list }));
  });

  // A liveness stream: proves the path core → host → page end to end and lets a window notice
  // that its bridge has gone quiet.
  core.provide('system.heartbeat', ({ intervalMs }, emit) => {
    let seq = 0;
    const tick = () =>
      emit({ seq: seq++, at: new Date().toISOString() } satisfies StreamEventOf<'system.heartbeat'>);
    tick();
    const timer = setInterval(tick, intervalMs ?? 1000);
    return () => clearInterval(timer);
  });
}

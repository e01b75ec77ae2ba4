// Round trip to the venue, timed on WebSocket protocol pings. Each ping carries a 4-byte sequence
// number, which RFC 6455 §5.5.3 makes the pong echo, so an unsolicited pong or the answer to an
// older ping is never paired with the wrong send time. The clock is monotonic (performance.now),
// and the time includes our own event-loop delay in handling the pong, as every reply we act on
// does.
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';

/**
 * EWMA weight of the newest sample. At 1/4 a single outlier moves the value by a quarter of its
 * excess, and a lasting change of route shows within ~5 samples (76 % of the step). TCP's SRTT
 * uses 1/8, but it samples every packet; pings come seconds apart.
 */
export const RTT_ALPHA = 0.25;

export class RoundTripEstimate {
  private smoothed: number | undefined;

  /** Milliseconds, smoothed; undefined before the first sample (or after reset). */
  get ms(): number | undefined {
    return this.smoothed;
  }

  add(sampleMs: number): void {
    if (!Number.isFinite(sampleMs) || sampleMs < 0) return;
    this.smoothed =
      this.smoothed === undefined ? sampleMs : this.smoothed + RTT_ALPHA * (sampleMs - this.smoothed);
  }

  reset(): void {
    this.smoothed = undefined;
  }
}

/** Unanswered pings remembered at most; a peer may answer only the newest of several (RFC 6455). */
const MAX_OUTSTANDING = 8;

/** Sends sequence-numbered pings on one socket and reports each answered ping's round trip. */
export class PingClock {
  private seq = 0;
  private readonly sent = new Map<number, number>();

  constructor(
    private readonly ws: WebSocket,
    private readonly onSample: (ms: number) => void,
  ) {
    ws.on('pong', (data: Buffer) => this.pong(data));
  }

  ping(): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.seq = (this.seq + 1) >>> 0;
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(this.seq);
    this.sent.set(this.seq, performance.now());
    if (this.sent.size > MAX_OUTSTANDING) this.sent.delete(this.sent.keys().next().value!);
    this.ws.ping(payload);
  }

  private pong(data: Buffer): void {
    if (data.length !== 4) return;
    const seq = data.readUInt32BE(0);
    const at = this.sent.get(seq);
    if (at === undefined) return;
    // Pongs come in order: any ping sent before this one that is still listed went unanswered.
    for (const k of this.sent.keys()) {
      this.sent.delete(k);
      if (k === seq) break;
    }
    this.onSample(performance.now() - at);
  }
}

import { describe, expect, it } from 'vitest';
import { timeMs } from '../../../../electron/venues/paxos/adapter/map';

describe('Paxos timeMs', () => {
  it('reads RFC3339Nano UTC times to the millisecond, as Date.parse would', () => {
    for (const text of [
      '2026-11-21T11:53:00.123456789Z',
      '2026-11-21T11:53:00.1Z',
      '2026-11-21T11:53:00Z',
      '2024-02-29T23:59:59.999999999Z',
      '1970-01-01T00:00:00.000Z',
    ]) {
      expect(timeMs(text)).toBe(Date.parse(text.replace(/(\.\d{3})\d+/, '$1')));
    }
    expect(timeMs('2026-11-21T11:53:00.123456789Z')).toBe(Date.UTC(2026, 10, 21, 11, 53, 0, 123));
  });

  it('reads offsets through the general parser and gives 0 for what is not a time', () => {
    expect(timeMs('2026-11-21T12:53:00.5+01:00')).toBe(Date.UTC(2026, 10, 21, 11, 53, 0, 500));
    for (const bad of [
      '',
      undefined,
      'yesterday',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-15T00:00:00Z',
      '2026-01-01T24:00:00Z',
    ])
      expect(timeMs(bad)).toBe(0);
  });
});

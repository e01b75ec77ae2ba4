import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { options, recordingOption } from './options';

const ID = '20261207T045000123Z';

describe('bench:ui options', () => {
  it('replays a fresh 20 s recording by default', () => {
    expect(options([])).toMatchObject({ load: 'replay', recordSeconds: 20, json: false });
    expect(options([]).recording).toBeUndefined();
    expect(options(['--load', 'live', '--json'])).toMatchObject({ load: 'live', json: true });
    expect(options(['--record-seconds', '30'])).toMatchObject({ recordSeconds: 30 });
  });

  it('reuses a recording given as its profile folder and id', () => {
    expect(options(['--recording', `rec/demo/${ID}/`]).recording).toEqual({
      dir: resolve('rec/demo'),
      profile: 'demo',
      id: ID,
    });
    expect(recordingOption(`/home/x/.crossbook/recordings/production/${ID}`)).toEqual({
      dir: '/home/x/.crossbook/recordings/production',
      profile: 'production',
      id: ID,
    });
  });

  it('refuses what it cannot honour, with a clear message', () => {
    expect(() => options(['--load', 'sim'])).toThrow('--load must be replay or live, got sim');
    expect(() => options(['--load', 'live', '--record-seconds', '10'])).toThrow('for --load replay');
    expect(() => options(['--recording', `rec/demo/${ID}`, '--record-seconds', '10'])).toThrow(
      '--record-seconds does not apply',
    );
    expect(() => options(['--record-seconds', '1'])).toThrow('--record-seconds must be 5..600');
    expect(() => options(['--recording', 'rec/demo/latest'])).toThrow('--recording must be DIR/ID');
    expect(() => options(['--recording', `rec/${ID}`])).toThrow("DIR must be a profile's recording folder");
  });
});

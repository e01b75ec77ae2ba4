import { describe, expect, it } from 'vitest';
import {
  addContentSchema,
  bookUpdateDataSchema,
  connectionStatusCode,
  decodeFeedMessage,
  efxContent,
  orderTypeFromName,
} from '../../../../electron/venues/finery/wire/finery-wire';

describe('wire decoders', () => {
  it('decode feed frames, X status in both documented forms, and book updates', () => {
    expect(connectionStatusCode(decodeFeedMessage('["X",0,"Z",0]'))).toBe(0);
    expect(connectionStatusCode(decodeFeedMessage('["X",0,"Z",[5]]'))).toBe(5);
    const m = decodeFeedMessage('["F","BTC-USD","M",[[["+",3000000000000,10000000]],[["~"]]]]');
    expect(m).toMatchObject({ feed: 'F', feedId: 'BTC-USD', action: 'M' });
    expect(bookUpdateDataSchema.parse(m.data)).toEqual([[['+', 3000000000000, 10000000]], [['~']]]);
    expect(() => decodeFeedMessage('["Q",0,"S",[]]')).toThrow();
    expect(() => decodeFeedMessage('{"event":"request"}')).toThrow();
  });

  it('add content: case-insensitive type names and sides, exact int64 clientOrderId', () => {
    expect(orderTypeFromName('MarketIOC')).toBe('marketIOC');
    expect(orderTypeFromName('stop')).toBeUndefined();
    const a = addContentSchema.parse({
      instrument: 'BTC-USD',
      clientOrderId: 2n ** 62n,
      size: 1,
      side: 'ASK',
      type: 'MarketIOC',
    });
    expect(a).toMatchObject({ side: 'ask', clientOrderId: 2n ** 62n });
    expect(
      addContentSchema.safeParse({ instrument: 'BTC-USD', clientOrderId: -1, side: 'bid', type: 'limit' })
        .success,
    ).toBe(false);
    expect(efxContent(49856723467362345n, 1628489110490)).toBe(
      '{"nonce":49856723467362345,"timestamp":1628489110490}',
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  alorCwsCommandSchema,
  alorFormatSchema,
  alorReplySchema,
  alorWsRequestSchema,
} from '../../../../electron/venues/alor/wire/alor-wire';

describe('ALOR wire schemas', () => {
  it("parse the reference's create:limit example with exact decimal prices", () => {
    const cmd = alorCwsCommandSchema.parse({
      opcode: 'create:limit',
      guid: '8f1d0c3e',
      side: 'sell',
      quantity: 3,
      price: 271.15,
      instrument: { symbol: 'SBER', exchange: 'MOEX', instrumentGroup: 'TQBR' },
      user: { portfolio: 'D39004' },
      timeInForce: 'oneday',
      allowMargin: false,
      checkDuplicates: true,
    });
    expect(cmd.opcode === 'create:limit' && cmd.price).toBe('271.15');
  });

  it('parse authorize, delete and the older top-level board', () => {
    expect(alorCwsCommandSchema.parse({ opcode: 'authorize', guid: 'g', token: 'eyJ' }).opcode).toBe(
      'authorize',
    );
    const del = alorCwsCommandSchema.parse({
      opcode: 'delete:limit',
      guid: 'g',
      orderId: 18995978560,
      exchange: 'MOEX',
      user: { portfolio: 'D1' },
    });
    expect(del.opcode === 'delete:limit' && del.orderId).toBe('18995978560');
    const old = alorCwsCommandSchema.parse({
      opcode: 'create:market',
      guid: 'g',
      side: 'buy',
      quantity: 1,
      board: 'TQBR',
      instrument: { symbol: 'SBER', exchange: 'MOEX' },
      user: { portfolio: 'D1' },
    });
    expect(old.opcode === 'create:market' && old.board).toBe('TQBR');
  });

  it('refuse bad enums, fractional or non-positive quantities and long comments', () => {
    const base = {
      opcode: 'create:market',
      guid: 'g',
      side: 'buy',
      quantity: 1,
      instrument: { symbol: 'SBER', exchange: 'MOEX' },
      user: { portfolio: 'D1' },
    };
    expect(alorCwsCommandSchema.safeParse(base).success).toBe(true);
    for (const bad of [
      { side: 'long' },
      { quantity: 1.5 },
      { quantity: 0 },
      { timeInForce: 'day' },
      { comment: 'x'.repeat(101) },
      { instrument: { symbol: 'SBER', exchange: 'NYSE' } },
    ]) {
      expect(alorCwsCommandSchema.safeParse({ ...base, ...bad }).success).toBe(false);
    }
  });

  it("parse the reference's /ws order-book request and treat format case-insensitively", () => {
    const req = alorWsRequestSchema.parse({
      opcode: 'OrderBookGetAndSubscribe',
      exchange: 'MOEX',
      code: 'SBER',
      instrumentGroup: 'TQBR',
      depth: 10,
      format: 'simple',
      frequency: 250,
      guid: 'g',
      token: 'eyJ',
    });
    expect(req.opcode === 'OrderBookGetAndSubscribe' && req.format).toBe('Simple');
    expect(alorFormatSchema.safeParse('Compact').success).toBe(false);
    expect(
      alorWsRequestSchema.safeParse({
        opcode: 'OrderBookGetAndSubscribe',
        exchange: 'MOEX',
        code: 'SBER',
        depth: 51,
        guid: 'g',
        token: 't',
      }).success,
    ).toBe(false);
  });

  it('parse replies with and without orderNumber', () => {
    expect(
      alorReplySchema.parse({
        requestGuid: 'g',
        httpCode: 200,
        message: "An order '1' has been created.",
        orderNumber: '1',
      }).orderNumber,
    ).toBe('1');
    expect(
      alorReplySchema.safeParse({ requestGuid: 'g', httpCode: 200, message: 'x', orderNumber: 1 }).success,
    ).toBe(false);
  });
});

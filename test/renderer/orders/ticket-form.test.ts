// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { InstrumentInfo } from '../../../shared/contract';
import {
  checkOnGrid,
  checkTicket,
  tifChoicesFor,
  typeChoices,
  type TicketForm,
} from '../../../renderer/src/orders/ticket-form';
import { installVenueCaps } from '../support/venue-capabilities';

// As the markets store does when the core's markets.list arrives.
installVenueCaps();

const btc: InstrumentInfo = {
  id: 'paxos:BTCUSD',
  label: 'BTC-USD · Paxos',
  ref: { venue: 'paxos', market: 'BTCUSD' },
  canonical: 'BTC-USD',
  priceDecimals: 2,
  sizeDecimals: 8,
  tickSize: '0.25',
  lotSize: '0.0001',
  venues: ['paxos'],
};
const consolidated: InstrumentInfo = {
  ...btc,
  id: 'BTC-USD',
  ref: { canonical: 'BTC-USD' },
  venues: ['paxos', 'finery'],
};
const form = (over: Partial<TicketForm> = {}): TicketForm => ({
  route: 'paxos',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  postOnly: false,
  size: '0.5',
  price: '100.25',
  stopPrice: '',
  ...over,
});

describe('ticket validation', () => {
  it('checks decimals against the tick and lot grid exactly', () => {
    expect(checkOnGrid('100.25', '0.25', 'Price', 2)).toBeNull();
    expect(checkOnGrid('100.30', '0.25', 'Price', 2)).toBe('Price must be a multiple of 0.25');
    expect(checkOnGrid('100.255', '0.25', 'Price', 2)).toMatch(/more than 2 decimal places/);
    expect(checkOnGrid('100.2500', '0.25', 'Price', 2)).toBeNull();
    expect(checkOnGrid('1e3', '0.25', 'Price', 2)).toMatch(/plain decimal/);
    expect(checkOnGrid('-1', '0.25', 'Price', 2)).toMatch(/plain decimal/);
    expect(checkOnGrid('0', '0.25', 'Price', 2)).toMatch(/greater than zero/);
    expect(checkOnGrid('', '0.25', 'Price', 2)).toMatch(/required/);
    expect(checkOnGrid('0.30000000000000004', '0.0001', 'Quantity', 8)).toMatch(/decimal places/);
  });

  it('names the field and the bound of a number too large for the instrument', () => {
    expect(checkOnGrid('90071992.54740992', '0.00000001', 'Size', 8)).toBe(
      'Size is too large: at most 90071992.54740991',
    );
    expect(checkOnGrid('90071992.54740991', '0.00000001', 'Size', 8)).toBeNull();
  });

  it('offers order types and time in force per venue', () => {
    expect(typeChoices('finery')).toEqual(['market', 'limit']);
    expect(typeChoices('alor')).toContain('stopLimit');
    expect(typeChoices('sor')).toEqual(['market', 'limit']);
    expect(tifChoicesFor('alor', 'limit')).toEqual(['DAY', 'IOC', 'FOK']);
    expect(tifChoicesFor('finery', 'market')).toEqual(['IOC', 'FOK']);
    expect(tifChoicesFor('sor', 'limit')).toEqual(['IOC', 'FOK']);
  });

  it('builds an orders.place payload with only the prices the type needs', () => {
    expect(checkTicket(form(), btc, 'BTCUSD').place).toEqual({
      venue: 'paxos',
      market: 'BTCUSD',
      side: 'buy',
      type: 'limit',
      size: '0.5',
      price: '100.25',
      timeInForce: 'GTC',
    });
    const stop = checkTicket(
      form({ type: 'stopLimit', side: 'sell', stopPrice: '99', postOnly: false }),
      btc,
      'BTCUSD',
    );
    expect(stop.place).toMatchObject({ type: 'stopLimit', price: '100.25', stopPrice: '99' });
    const market = checkTicket(
      form({ type: 'market', side: 'sell', timeInForce: 'IOC', price: 'garbage' }),
      btc,
      'BTCUSD',
    );
    expect(market.errors).toEqual({});
    expect(market.place).not.toHaveProperty('price');
  });

  it('refuses types, TIF and post-only the venue does not take', () => {
    expect(
      checkTicket(form({ route: 'finery', type: 'stop', stopPrice: '99' }), btc, 'BTCUSD').errors.type,
    ).toBeDefined();
    expect(
      checkTicket(form({ route: 'alor', timeInForce: 'GTC' }), btc, 'SBER').errors.timeInForce,
    ).toBeDefined();
    expect(
      checkTicket(form({ route: 'alor', timeInForce: 'DAY', postOnly: true }), btc, 'SBER').errors.postOnly,
    ).toBeUndefined();
    expect(
      checkTicket(form({ route: 'finery', timeInForce: 'IOC', postOnly: true }), btc, 'BTCUSD').errors
        .postOnly,
    ).toMatch(/GTC/);
    expect(checkTicket(form({ price: '100.3' }), btc, 'BTCUSD').place).toBeUndefined();
  });

  it('routes a consolidated instrument through SOR with an optional limit price', () => {
    const c = checkTicket(form({ route: 'sor', timeInForce: 'IOC' }), consolidated, undefined);
    expect(c.sor).toEqual({
      canonical: 'BTC-USD',
      side: 'buy',
      size: '0.5',
      limitPrice: '100.25',
      timeInForce: 'IOC',
    });
    const m = checkTicket(
      form({ route: 'sor', type: 'market', timeInForce: 'FOK' }),
      consolidated,
      undefined,
    );
    expect(m.sor).not.toHaveProperty('limitPrice');
    expect(checkTicket(form({ route: 'finery' }), consolidated, undefined).errors.route).toBeDefined();
  });
});

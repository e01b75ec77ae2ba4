// The simulator description `npm run sim` prints and `--venues FILE` reads: what the simulators
// report parses, a subset parses, and every bad field is named without its value being quoted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSimArgs } from '../../../electron/venues/simulators/sim-cli';
import {
  describedCredentials,
  describedVenues,
  parseSimulatorDescription,
  SimulatorDescriptionError,
  type SimulatorDescription,
} from '../../../electron/venues/simulators/sim-description';
import { startAllSimulators, type AllSimulators } from '../../../electron/venues/simulator-registry';
import { isLoopbackHost } from '../../../electron/venues/common/fields';

let sims: AllSimulators;
beforeAll(async () => {
  sims = await startAllSimulators({ rate: 0, seed: 3 });
});
afterAll(() => sims.close());

const SECRET = 'Sup3rSecretValueThatMustNeverBePrinted';

function copy(): Record<string, Record<string, unknown>> {
  return structuredClone(sims.descriptor) as unknown as Record<string, Record<string, unknown>>;
}

function failure(raw: unknown): string {
  try {
    parseSimulatorDescription(typeof raw === 'string' ? raw : JSON.stringify(raw), 'sim.json');
  } catch (err) {
    expect(err).toBeInstanceOf(SimulatorDescriptionError);
    const message = (err as Error).message;
    expect(message).not.toContain(SECRET);
    return message;
  }
  throw new Error('the description was accepted');
}

describe('simulator description', () => {
  it('is what the simulators report, as JSON or as npm run sim prints it', () => {
    const json = JSON.stringify(sims.descriptor);
    const fromJson = parseSimulatorDescription(json, 'sim.json');
    expect(fromJson).toEqual(sims.descriptor);
    const printed = `some banner\nCROSSBOOK_SIM=${json}\n`;
    expect(parseSimulatorDescription(printed, 'sim.txt')).toEqual(sims.descriptor);
    expect(describedVenues(fromJson)).toEqual(['paxos', 'finery', 'alor']);
    expect(describedCredentials(fromJson)).toEqual({
      paxos: { clientId: sims.descriptor.paxos.clientId, clientSecret: sims.descriptor.paxos.clientSecret },
      finery: { key: sims.descriptor.finery.key, secret: sims.descriptor.finery.secret },
      alor: { refreshToken: sims.descriptor.alor.refreshToken, portfolio: sims.descriptor.alor.portfolio },
    });
  });

  it('may list some venues only, without their market lists', () => {
    const { markets: _markets, ...paxos } = sims.descriptor.paxos;
    const d: SimulatorDescription = parseSimulatorDescription(JSON.stringify({ paxos }), 'sim.json');
    expect(describedVenues(d)).toEqual(['paxos']);
    expect(d.paxos?.markets).toEqual([]);
    expect(describedCredentials(d)).toEqual({
      paxos: { clientId: paxos.clientId, clientSecret: paxos.clientSecret },
    });
  });

  it('accepts every loopback spelling: 127.0.0.0/8, localhost, [::1]', () => {
    for (const host of [
      '127.0.0.1',
      '127.0.0.2',
      '127.255.1.9',
      'localhost',
      '[::1]',
      '127.1',
      '2130706433',
    ]) {
      const d = copy();
      d.finery!.ws = `ws://${host}:4000/ws`;
      d.finery!.rest = `http://${host}:4000/api`;
      expect(() => parseSimulatorDescription(JSON.stringify(d), 'sim.json'), host).not.toThrow();
    }
    expect(isLoopbackHost('127.0.0.9')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });

  it.each([
    ['a private address', 'paxos', 'ws', 'ws://10.0.0.5:4000/', /paxos\.ws: must point at this machine/],
    ['a public host', 'alor', 'api', 'http://example.com/', /alor\.api: must point at this machine/],
    ['a look-alike host', 'finery', 'rest', 'http://127.0.0.1.example.com/api', /finery\.rest: must point/],
    ['an IPv4-mapped host', 'paxos', 'rest', 'http://[::ffff:10.0.0.1]/v2', /paxos\.rest: must point/],
    ['0.0.0.0', 'alor', 'cws', 'ws://0.0.0.0:1/cws', /alor\.cws: must point at this machine/],
    ['a wrong scheme', 'alor', 'cws', 'http://127.0.0.1:1/cws', /alor\.cws: must use ws or wss/],
    ['a non-URL', 'paxos', 'oauth', 'not a url', /paxos\.oauth: is not a valid URL/],
    ['credentials in a URL', 'finery', 'ws', `ws://u:${SECRET}@127.0.0.1:1/ws`, /finery\.ws: must not embed/],
  ])('refuses %s, naming the field', (_name, venue, field, value, message) => {
    const d = copy();
    d[venue]![field] = value;
    expect(failure(d)).toMatch(message);
  });

  it('names a missing, mistyped or unknown field and never quotes a value', () => {
    const missing = copy();
    delete missing.finery!.secret;
    expect(failure(missing)).toMatch(/finery\.secret: is missing/);
    const mistyped = copy();
    mistyped.paxos!.clientSecret = 42;
    expect(failure(mistyped)).toMatch(/paxos\.clientSecret: must be a string/);
    const spaced = copy();
    spaced.alor!.refreshToken = `${SECRET} with spaces`;
    expect(failure(spaced)).toMatch(/alor\.refreshToken: contains spaces/);
    const extra = copy();
    extra.paxos!.password = SECRET;
    expect(failure(extra)).toMatch(/paxos.*password/);
    expect(failure({ ...copy(), coinbase: {} })).toMatch(/coinbase/);
    expect(failure({})).toMatch(/lists no venue/);
  });

  it('refuses text that is not JSON without quoting it', () => {
    expect(failure(`{"paxos": {"clientSecret": "${SECRET}"`)).toMatch(/sim\.json .*not JSON/);
    expect(failure(`CROSSBOOK_SIM={${SECRET}}`)).toMatch(/not JSON/);
    expect(failure('')).toMatch(/not JSON/);
  });

  it('is written by npm run sim -- --out FILE', () => {
    expect(parseSimArgs(['--out', '/tmp/sim.json'])).toMatchObject({ out: '/tmp/sim.json' });
    expect(() => parseSimArgs(['--out='])).toThrow(/--out needs a file name/);
  });
});

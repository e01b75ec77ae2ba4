import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  HELP,
  SimArgsError,
  parseSimArgs,
  scheduleFaults,
  type SimFaultPlan,
} from '../../../electron/venues/simulators/sim-cli';
import type { SimFaults } from '../../../electron/venues/simkit';

describe('sim CLI arguments', () => {
  it('has defaults', () => {
    expect(parseSimArgs([])).toEqual({
      help: false,
      portBase: 0,
      seed: 1,
      rate: 300,
      faults: {
        stallFor: 2,
        malformedCount: 1,
        rejectOrders: false,
        failInternally: false,
        venues: ['paxos', 'finery', 'alor'],
      },
    });
  });

  it('reads every option', () => {
    const out = parseSimArgs([
      '--port-base=9000',
      '--seed',
      '42',
      '--rate',
      '1500.5',
      '--drop-every',
      '30',
      '--stall-every',
      '10',
      '--stall-for',
      '0.5',
      '--malformed-every',
      '7',
      '--malformed-count',
      '3',
      '--expire-tokens-every',
      '60',
      '--revoke-tokens-every',
      '90',
      '--restart-every',
      '120',
      '--delay-replies',
      '250',
      '--reject-orders',
      '--fail-internally',
      '--fault-venue',
      'alor',
      '--fault-venue',
      'paxos,alor',
    ]);
    expect(out).toEqual({
      help: false,
      portBase: 9000,
      seed: 42,
      rate: 1500.5,
      faults: {
        dropEvery: 30,
        stallEvery: 10,
        stallFor: 0.5,
        malformedEvery: 7,
        malformedCount: 3,
        expireTokensEvery: 60,
        revokeTokensEvery: 90,
        restartEvery: 120,
        delayRepliesMs: 250,
        rejectOrders: true,
        failInternally: true,
        venues: ['alor', 'paxos'],
      },
    });
  });

  it('reads the Finery client type (finery-markets.md §8.1) and refuses others', () => {
    expect(parseSimArgs(['--finery-client', 'taker'])).toMatchObject({ fineryClientType: 'taker' });
    expect(parseSimArgs(['--finery-client=maker'])).toMatchObject({ fineryClientType: 'maker' });
    expect(parseSimArgs([])).not.toHaveProperty('fineryClientType');
    expect(() => parseSimArgs(['--finery-client', 'master'])).toThrow(/maker, taker or any/);
    expect(HELP).toContain('--finery-client');
  });

  it('recognises help', () => {
    expect(parseSimArgs(['-h'])).toEqual({ help: true });
    expect(parseSimArgs(['--help', '--seed', '3'])).toEqual({ help: true });
    for (const flag of [
      '--port-base',
      '--drop-every',
      '--stall-for',
      '--restart-every',
      '--delay-replies',
      '--reject-orders',
      '--fault-venue',
    ]) {
      expect(HELP).toContain(flag);
    }
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['positional'], /Unexpected argument 'positional'/],
    [['--seed'], /argument missing/],
    [['--seed', '1.5'], /--seed must be an integer/],
    [['--seed', '-1'], /ambiguous|--seed must be/],
    [['--port-base', '65534'], /--port-base must be an integer from 0 to 65533/],
    [['--port-base', '0x10'], /--port-base must be an integer/],
    [['--rate', 'fast'], /--rate must be a number/],
    [['--rate', '1e9'], /--rate must be a number/],
    [['--rate', '2000000'], /--rate must be a number from 0 to 1000000/],
    [['--drop-every', '0'], /--drop-every must be a number/],
    [['--drop-every', ''], /--drop-every must be a number/],
    [['--stall-for', '1'], /--stall-for needs --stall-every/],
    [['--stall-every', '2', '--stall-for', '2'], /--stall-for must be shorter/],
    [['--stall-every', '1'], /--stall-for must be shorter/],
    [['--malformed-count', '2'], /--malformed-count needs --malformed-every/],
    [['--malformed-every', '1', '--malformed-count', '0'], /--malformed-count must be an integer from 1/],
    [['--delay-replies', '1.5'], /--delay-replies must be an integer/],
    [['--fault-venue', 'kraken'], /--fault-venue must be one of paxos, finery, alor, got "kraken"/],
    [['--reject-orders=yes'], /does not take an argument/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseSimArgs(argv)).toThrow(SimArgsError);
    expect(() => parseSimArgs(argv)).toThrow(message);
  });
});

describe('fault scheduling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function fakeFaults() {
    const calls: string[] = [];
    const f: SimFaults = {
      dropConnections: () => calls.push('drop'),
      stallFeeds: () => calls.push('stall'),
      resumeFeeds: () => calls.push('resume'),
      sendMalformed: (n) => calls.push(`malformed:${n}`),
      expireTokens: () => calls.push('expire'),
      revokeTokens: () => calls.push('revoke'),
      restart: async () => {
        calls.push('restart');
        throw new Error('port taken');
      },
      delayReplies: (ms) => calls.push(`delay:${ms}`),
      rejectOrders: (on) => calls.push(`reject:${on}`),
      failInternally: (on) => calls.push(`fail:${on}`),
    };
    return { f, calls };
  }

  it('applies one-off faults at once and periodic ones on schedule, only to the chosen venues', async () => {
    vi.useFakeTimers();
    const paxos = fakeFaults();
    const finery = fakeFaults();
    const alor = fakeFaults();
    const handles = { paxos: { faults: paxos.f }, finery: { faults: finery.f }, alor: { faults: alor.f } };
    const plan: SimFaultPlan = {
      dropEvery: 3,
      stallEvery: 5,
      stallFor: 1,
      malformedEvery: 4,
      malformedCount: 2,
      restartEvery: 6,
      delayRepliesMs: 100,
      rejectOrders: true,
      failInternally: false,
      venues: ['paxos', 'alor'],
    };
    const stop = scheduleFaults({ handles } as never, plan);
    expect(paxos.calls).toEqual(['delay:100', 'reject:true']);
    await vi.advanceTimersByTimeAsync(6000);
    expect(paxos.calls.slice(0, 5)).toEqual(['delay:100', 'reject:true', 'drop', 'malformed:2', 'stall']);
    // At t=6 s three timers are due at once; their relative order is not part of the contract.
    expect(paxos.calls.slice(5).sort()).toEqual(['drop', 'restart', 'resume']);
    expect(alor.calls).toEqual(paxos.calls);
    expect(finery.calls).toEqual([]);
    stop();
    const before = paxos.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(paxos.calls).toHaveLength(before);
  });
});

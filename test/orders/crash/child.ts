// The trading process of the crash test: opens the journal, reconciles, reports what it knows
// (one JSON line on stdout), then trades at random without waiting for replies until killed.
// argv: journalPath paxosPort alorPort seed
import { OrderManager } from '../../../electron/orders/manager';
import { muteStderr } from '../../../electron/base/log';
import { isLive } from '../../../electron/orders/types';
import { MARKET } from '../fake/adapter';
import { SocketAdapter } from './socket-adapter';
import { prng } from './venue-server';

muteStderr();
const [journalPath, paxosPort, alorPort, seedText] = process.argv.slice(2);
const rnd = prng(Number(seedText));
const adapters = [new SocketAdapter('paxos', Number(paxosPort)), new SocketAdapter('alor', Number(alorPort))];

async function main(): Promise<void> {
  const manager = new OrderManager({
    journalPath: journalPath!,
    adapters,
    commandTimeoutMs: 3000,
    retryBaseMs: 5,
    // This test is about crash safety, not limits: the venues here quote no mid.
    initialLimits: { shipped: false, defaults: {}, instruments: [] },
  });
  for (const a of adapters) await a.connect();
  await manager.start();
  const live = manager.workingOrders().map((o) => ({
    venue: o.intent.venue,
    cid: o.intent.clientOrderId,
    venueOrderId: o.venueOrderId,
    status: o.status,
  }));
  process.stdout.write(
    JSON.stringify({
      type: 'ready',
      replay: manager.replay,
      fills: manager.fills().map((f) => `${f.fill.venue}:${f.fill.fillId}`),
      live,
      orders: [...manager.orders()].map((o) => ({
        cid: o.intent.clientOrderId,
        venue: o.intent.venue,
        venueOrderId: o.venueOrderId,
      })),
      positions: manager.positions().map((p) => ({ venue: p.venue, position: p.position })),
    }) + '\n',
  );

  // Trade only once the parent has checked the venues against our report: a command sent earlier
  // could move the venue (a fill) between our report and that check.
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const ignore = () => {};
  const tick = () => {
    const r = rnd();
    const open = manager.workingOrders();
    const venue = rnd() < 0.5 ? 'paxos' : 'alor';
    if (r < 0.55 && open.length < 25) {
      const side = rnd() < 0.5 ? 'buy' : 'sell';
      const price = (100 + Math.floor(rnd() * 200 - 100) / 100).toFixed(2);
      const size = (Math.floor(rnd() * 5 + 1) / 10).toFixed(1);
      manager
        .place({
          venue,
          market: MARKET[venue],
          side,
          type: 'limit',
          size,
          price,
          oneClick: false,
          confirm: false,
        })
        .catch(ignore);
    } else if (r < 0.8 && open.length > 0) {
      const o = open[Math.floor(rnd() * open.length)]!;
      manager.cancel(o.intent.clientOrderId).catch(ignore);
    } else if (open.length > 0) {
      const o = open.filter((x) => x.intent.venue === 'alor' && isLive(x.status))[0];
      if (o)
        manager
          .modify(o.intent.clientOrderId, { price: (100 + Math.floor(rnd() * 100) / 100).toFixed(2) })
          .catch(ignore);
    }
    setTimeout(tick, 1);
  };
  tick();
}

main().catch((error) => {
  process.stdout.write(JSON.stringify({ type: 'error', message: String(error?.stack ?? error) }) + '\n');
  process.exit(1);
});

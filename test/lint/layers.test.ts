// Proves the layer table (build/layers.mjs) is enforced: lint reports each import a layer may not
// make and stays quiet about the same kind of import where the table allows it.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerMessages(filePath: string, spec: string): Promise<string[]> {
  const code = `import { x } from '${spec}';\nexport const y = x;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'crossbook/layers').map((m) => m.message);
}

type Case = [file: string, spec: string];

async function expectRefused(cases: Case[], reason?: string): Promise<void> {
  for (const [file, spec] of cases) {
    const messages = await layerMessages(file, spec);
    expect(messages, `${file} importing ${spec}`).toHaveLength(1);
    if (reason) expect(messages[0]).toContain(reason);
  }
}

async function expectAllowed(cases: Case[]): Promise<void> {
  for (const [file, spec] of cases)
    expect(await layerMessages(file, spec), `${file} importing ${spec}`).toEqual([]);
}

describe('lint enforces the layer table', () => {
  it('renderer: no Node, no main-process code, no electron; shared/ yes', async () => {
    await expectRefused(
      [
        ['renderer/src/x.ts', 'node:fs'],
        ['renderer/src/x.ts', 'path'],
        ['renderer/src/x.ts', 'electron'],
        ['renderer/src/ladder/x.ts', '../../../electron/base/crossbook-core'],
      ],
      'sandboxed',
    );
    await expectAllowed([
      ['renderer/src/ladder/x.ts', '../../../shared/domain'],
      ['renderer/src/ladder/x.ts', '../orders/venue-caps'],
      ['renderer/src/x.ts', 'vue'],
    ]);
  });

  it('shared/: runtime-free', async () => {
    await expectRefused(
      [
        ['shared/x.ts', 'node:events'],
        ['shared/x.ts', 'vue'],
        ['shared/x.ts', 'ws'],
        ['shared/x.ts', '../electron/base/log'],
        ['shared/contract/x.ts', '../../renderer/src/main'],
      ],
      'runtime-free',
    );
    await expectAllowed([
      ['shared/x.ts', 'zod'],
      ['shared/contract/x.ts', '../domain'],
    ]);
  });

  it('only electron/host/ may import electron', async () => {
    for (const file of [
      'electron/app/x.ts',
      'electron/base/x.ts',
      'electron/book/x.ts',
      'electron/engine/x.ts',
      'electron/orders/x.ts',
      'electron/vault/x.ts',
      'electron/web/x.ts',
      'electron/venues/paxos/adapter/x.ts',
      'electron/venues/registry.ts',
      'electron/somewhere-new/x.ts',
    ])
      await expectRefused([[file, 'electron']]);
    await expectAllowed([['electron/host/x.ts', 'electron']]);
  });

  it('hosts reach the core only through the composition root and base', async () => {
    await expectRefused(
      [
        ['electron/host/x.ts', '../orders/manager'],
        ['electron/web/x.ts', '../venues/registry'],
        ['electron/web/x.ts', '../host/windows'],
      ],
      'transport',
    );
    await expectAllowed([
      ['electron/host/x.ts', '../app/bootstrap'],
      ['electron/web/x.ts', '../base/log'],
    ]);
  });

  it('the composition root may import every service but no host', async () => {
    await expectRefused([
      ['electron/app/x.ts', '../host/windows'],
      ['electron/app/x.ts', '../web/web-host'],
    ]);
    await expectAllowed([
      ['electron/app/x.ts', '../orders/order-manager'],
      ['electron/app/x.ts', '../venues/registry'],
      ['electron/app/x.ts', '../engine/client'],
    ]);
  });

  it('base imports only shared/ and Node', async () => {
    await expectRefused(
      [
        ['electron/base/x.ts', '../app/bootstrap'],
        ['electron/base/x.ts', '../orders/journal'],
        ['electron/base/x.ts', 'keytar'],
      ],
      'only shared/ and Node',
    );
    await expectAllowed([
      ['electron/base/x.ts', 'node:fs'],
      ['electron/base/x.ts', '../../shared/domain'],
    ]);
  });

  it('worker-thread code never loads a main-thread module', async () => {
    await expectRefused([
      ['electron/engine/x.ts', '../orders/journal'],
      ['electron/engine/x.ts', '../venues/paxos/adapter/x'],
      ['electron/engine/x.ts', '../app/market-data'],
      ['electron/engine/x.ts', 'ws'],
      ['electron/book/x.ts', '../base/log'],
      ['electron/book/x.ts', '../engine/engine'],
      ['electron/venues/paxos/book/x.ts', '../adapter/x'],
      ['electron/venues/paxos/book/x.ts', '../../finery/wire/finery-wire'],
      ['electron/venues/paxos/sim/x.ts', '../adapter/x'],
      ['electron/venues/paxos/sim/x.ts', '../../../orders/journal'],
      ['electron/venues/simkit/x.ts', '../../vault/keychain'],
    ]);
    await expectAllowed([
      ['electron/engine/x.ts', '../book/side'],
      ['electron/engine/x.ts', '../venues/book-registry'],
      ['electron/book/x.ts', '../../shared/decimal'],
      ['electron/venues/paxos/book/x.ts', '../../../book/side'],
      ['electron/venues/paxos/book/x.ts', '../wire/paxos-wire'],
      ['electron/venues/paxos/sim/x.ts', '../../simkit/market'],
      ['electron/venues/paxos/sim/x.ts', '../wire/paxos-wire'],
      ['electron/venues/paxos/sim/x.ts', '../../../base/log'],
    ]);
  });

  it('a venue folder knows only its own protocol', async () => {
    await expectRefused(
      [
        ['electron/venues/paxos/adapter/x.ts', '../../finery/wire'],
        ['electron/venues/alor/x.ts', '../paxos/paxos-venue'],
        ['electron/venues/paxos/adapter/x.ts', '../../../orders/journal'],
        ['electron/venues/paxos/adapter/x.ts', '../../../engine/engine'],
        ['electron/venues/common/x.ts', '../../app/session'],
      ],
      'own protocol',
    );
    await expectAllowed([
      ['electron/venues/paxos/adapter/x.ts', '../wire'],
      ['electron/venues/paxos/adapter/x.ts', '../../common/backoff'],
      ['electron/venues/paxos/adapter/x.ts', '../../../base/log'],
      ['electron/venues/paxos/x.ts', './book/scan'],
    ]);
  });

  it('only the registries list the venues', async () => {
    await expectRefused([['electron/venues/registry.ts', '../app/bootstrap']]);
    await expectAllowed([
      ['electron/venues/registry.ts', './paxos/paxos-venue'],
      ['electron/venues/registry.ts', './finery/finery-venue'],
    ]);
  });

  it('orders and vault see venues only through the adapter interface and the registry', async () => {
    await expectRefused([
      ['electron/orders/x.ts', '../venues/paxos/adapter/x'],
      ['electron/orders/x.ts', '../app/session'],
      ['electron/orders/x.ts', '../engine/client'],
      ['electron/vault/x.ts', '../orders/journal'],
      ['electron/vault/x.ts', '../venues/paxos/adapter/x'],
    ]);
    await expectAllowed([
      ['electron/orders/x.ts', '../venues/common/adapter'],
      ['electron/vault/x.ts', '../venues/registry'],
    ]);
  });

  it('replay: the recording runs beside the engine, the replay thread on its own, the paper venues behind the adapter interface', async () => {
    await expectRefused([
      ['electron/replay/recording/x.ts', '../../app/market-data'],
      ['electron/replay/recording/x.ts', '../../engine/engine'],
      ['electron/replay/recording/x.ts', 'ws'],
      ['electron/replay/thread/x.ts', '../../app/session'],
      ['electron/replay/thread/x.ts', '../../venues/common/adapter'],
      ['electron/replay/x.ts', '../orders/manager'],
      ['electron/replay/x.ts', '../app/market-data'],
      ['electron/replay/x.ts', '../venues/paxos/adapter/x'],
      ['electron/engine/x.ts', '../replay/paper-matcher'],
    ]);
    await expectAllowed([
      ['electron/engine/x.ts', '../replay/recording/writer'],
      ['electron/replay/recording/x.ts', '../../base/log'],
      ['electron/replay/thread/x.ts', '../recording/reader'],
      ['electron/replay/x.ts', '../venues/common/adapter'],
      ['electron/replay/x.ts', './thread/replay-thread'],
      ['electron/app/x.ts', '../replay/replay-adapter'],
    ]);
  });

  it('a folder missing from the table may import nothing', async () => {
    await expectRefused([['electron/somewhere-new/x.ts', '../base/log']], 'layer table');
  });
});

// Proves the runtime boundaries are enforced: lint must report each violation, and must stay
// quiet about the same import where it is allowed.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint enforces runtime boundaries', () => {
  it('a renderer may not import Node built-ins', async () => {
    const messages = await restrictedImports(
      'renderer/src/violation.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('sandboxed');
    expect(
      await restrictedImports(
        'renderer/src/violation.ts',
        "import path from 'path';\nexport const x = path;\n",
      ),
    ).toHaveLength(1);
  });

  it('a renderer may not import main-process code or electron', async () => {
    expect(
      await restrictedImports(
        'renderer/src/violation.ts',
        "import { CrossbookCore } from '../../electron/base/crossbook-core';\nexport const x = CrossbookCore;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'renderer/src/violation.ts',
        "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
      ),
    ).toHaveLength(1);
  });

  it('shared/ imports no runtime', async () => {
    expect(
      await restrictedImports(
        'shared/violation.ts',
        "import { EventEmitter } from 'node:events';\nexport const x = EventEmitter;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports('shared/violation.ts', "import { ref } from 'vue';\nexport const x = ref;\n"),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'shared/violation.ts',
        "import { log } from '../electron/base/log';\nexport const x = log;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports('shared/violation.ts', "import { z } from 'zod';\nexport const x = z;\n"),
    ).toEqual([]);
  });

  it('only electron/host/ may import electron', async () => {
    const violation = await restrictedImports(
      'electron/app/violation.ts',
      "import { app } from 'electron';\nexport const x = app;\n",
    );
    expect(violation).toHaveLength(1);
    expect(violation[0]).toContain('Only electron/host/');
    expect(
      await restrictedImports(
        'electron/venues/paxos/violation.ts',
        "import { app } from 'electron';\nexport const x = app;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'electron/host/allowed.ts',
        "import { app } from 'electron';\nexport const x = app;\n",
      ),
    ).toEqual([]);
  });

  it('the core may use Node', async () => {
    expect(
      await restrictedImports(
        'electron/app/allowed.ts',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ),
    ).toEqual([]);
  });
});

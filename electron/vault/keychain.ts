// The OS keychain behind a four-method interface, so the vault is written against that and not
// against keytar. keytar is loaded lazily: a missing native module, a missing Secret Service or a
// locked keyring must surface as one typed error with a fix, never as a crash at import time and
// never as a silent fallback to plaintext storage (there is none).
import { randomBytes } from 'node:crypto';
import { redact } from '../base/log';

export interface Keychain {
  get(service: string, account: string): Promise<string | null>;
  /** Creates or replaces; the OS stores the new value in one step. */
  set(service: string, account: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(service: string, account: string): Promise<boolean>;
  /** Account names stored under the service (values are not returned). */
  list(service: string): Promise<string[]>;
}

/** The subset of keytar's API we use; also the seam tests use to simulate a broken module. */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export type KeychainProblem = 'module' | 'no-bus' | 'no-service' | 'locked' | 'timeout' | 'failed';

export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  constructor(
    readonly problem: KeychainProblem,
    /** What is wrong, in plain words. */
    readonly reason: string,
    /** What the user can do about it. */
    readonly fix: string,
    options?: { cause?: unknown },
  ) {
    super(`OS keychain unavailable: ${reason}. ${fix}`, options);
  }
}

export interface OpenKeychainOptions {
  /** Bounds the start-up probe; a stuck D-Bus peer would otherwise hang start-up forever. */
  probeTimeoutMs?: number;
  /** Bounds every later call. Generous because a desktop may be showing an unlock prompt. */
  opTimeoutMs?: number;
  /** Service used for the probe item (a unique account is written and removed again). */
  probeService?: string;
  /** Replaces `import('keytar')`; for tests of a broken or hanging native module. */
  load?: () => Promise<KeytarModule>;
}

const DEFAULT_PROBE_TIMEOUT_MS = 15_000;
const DEFAULT_OP_TIMEOUT_MS = 60_000;

async function importKeytar(): Promise<KeytarModule> {
  // keytar is CommonJS. Node's ESM wrapper detects only some of its exports as named ones
  // (getPassword but not setPassword), so the whole module.exports on `default` is what we use.
  const mod = (await import('keytar')) as unknown as { default?: KeytarModule } & Partial<KeytarModule>;
  const kt = mod.default ?? (mod as KeytarModule);
  for (const fn of ['getPassword', 'setPassword', 'deletePassword', 'findCredentials'] as const) {
    if (typeof kt[fn] !== 'function')
      throw new Error(`Cannot find keytar export ${fn} (unexpected keytar version)`);
  }
  return kt;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : String(err);
}

/** Turns whatever keytar/libsecret/node threw into a reason and a fix a user can act on. */
export function classifyKeychainError(err: unknown, stage: 'load' | 'use'): KeychainUnavailableError {
  if (err instanceof KeychainUnavailableError) return err;
  const msg = messageOf(err);
  const code = (err as { code?: unknown } | null)?.code;
  const opts = { cause: err };
  if (stage === 'load') {
    if (
      code === 'ERR_MODULE_NOT_FOUND' ||
      code === 'MODULE_NOT_FOUND' ||
      /Cannot find (module|package)/i.test(msg)
    ) {
      return new KeychainUnavailableError(
        'module',
        'the keytar native module is not installed',
        'Reinstall dependencies (npm ci); credentials are never stored without the OS keychain',
        opts,
      );
    }
    if (/libsecret/i.test(msg)) {
      return new KeychainUnavailableError(
        'module',
        'libsecret (the Secret Service client library) is missing',
        'Install it (Debian/Ubuntu: apt-get install libsecret-1-0) and restart Crossbook',
        opts,
      );
    }
    if (/NODE_MODULE_VERSION|different Node\.js version|invalid ELF header|wrong ELF class/i.test(msg)) {
      return new KeychainUnavailableError(
        'module',
        // keytar is an N-API module, so a Node/Electron version change does not break it; a binary
        // copied from another platform or architecture does.
        'the keytar native module was built for another platform or architecture',
        'Reinstall dependencies on this machine (npm ci); the desktop package carries its own build',
        opts,
      );
    }
    return new KeychainUnavailableError(
      'module',
      `the keytar native module could not be loaded (${redact(msg)})`,
      'Reinstall dependencies (npm ci) and rebuild native modules',
      opts,
    );
  }
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS/i.test(msg)) {
    return new KeychainUnavailableError(
      'no-bus',
      'there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)',
      'Start Crossbook from a desktop session, or under dbus-run-session with gnome-keyring-daemon running',
      opts,
    );
  }
  if (/Could not connect|Connection refused|No such file or directory/i.test(msg)) {
    return new KeychainUnavailableError(
      'no-bus',
      'the D-Bus session bus named in DBUS_SESSION_BUS_ADDRESS cannot be reached',
      'Check that the desktop session (or dbus-run-session) is still running',
      opts,
    );
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service files/i.test(msg)) {
    return new KeychainUnavailableError(
      'no-service',
      'No Secret Service on D-Bus',
      'Is gnome-keyring (or KWallet with its Secret Service) running and unlocked?',
      opts,
    );
  }
  if (/locked|collection|prompt|dismissed|cancel/i.test(msg)) {
    return new KeychainUnavailableError(
      'locked',
      'the keychain is locked (or its default "login" collection does not exist)',
      'Unlock the login keyring (log in to the desktop, or run gnome-keyring-daemon --unlock) and retry',
      opts,
    );
  }
  return new KeychainUnavailableError(
    'failed',
    `the OS keychain reported an error (${redact(msg)})`,
    'Check that the keychain service is running and unlocked, then retry',
    opts,
  );
}

/**
 * Races a keychain call against a timer. The native call cannot be cancelled and keeps running
 * in the background; we only stop waiting for it. Such a stuck call also blocks a normal
 * process.exit (Node joins its thread pool at teardown), so a host that saw a timeout must
 * terminate forcefully when quitting.
 */
function bounded<T>(work: () => Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new KeychainUnavailableError(
          'timeout',
          `the keychain did not answer within ${Math.round(ms / 100) / 10} s (${what})`,
          'It may be waiting for an unlock prompt or the Secret Service may be stuck; unlock or restart gnome-keyring and retry',
        ),
      );
    }, ms);
    // A hung probe must not keep the process alive on its own.
    timer.unref?.();
    let started: Promise<T>;
    try {
      started = work();
    } catch (err) {
      started = Promise.reject(err);
    }
    started.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(classifyKeychainError(err, 'use'));
      },
    );
  });
}

class KeytarKeychain implements Keychain {
  constructor(
    private readonly kt: KeytarModule,
    private readonly timeoutMs: number,
  ) {}

  get(service: string, account: string): Promise<string | null> {
    return bounded(() => this.kt.getPassword(service, account), this.timeoutMs, 'read');
  }

  set(service: string, account: string, value: string): Promise<void> {
    return bounded(() => this.kt.setPassword(service, account, value), this.timeoutMs, 'write');
  }

  delete(service: string, account: string): Promise<boolean> {
    return bounded(() => this.kt.deletePassword(service, account), this.timeoutMs, 'delete');
  }

  async list(service: string): Promise<string[]> {
    const found = await bounded(() => this.kt.findCredentials(service), this.timeoutMs, 'list');
    return found.map((c) => c.account);
  }
}

/**
 * Loads keytar and proves the keychain works with a write/read/delete round trip. A read alone is
 * not enough: libsecret answers searches on a locked or missing collection with an empty list and
 * only fails on write.
 */
export async function openKeytarKeychain(options: OpenKeychainOptions = {}): Promise<Keychain> {
  const probeMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let kt: KeytarModule;
  try {
    kt = await bounded(options.load ?? importKeytar, probeMs, 'loading keytar');
  } catch (err) {
    // bounded() classified it as a use-time error; loading failures need the module wording.
    const cause = err instanceof KeychainUnavailableError && err.problem !== 'timeout' ? err.cause : err;
    throw classifyKeychainError(cause, 'load');
  }
  const service = options.probeService ?? 'Crossbook';
  // Unique per process so two processes starting together do not delete each other's probe.
  const account = `__probe__/${process.pid}-${randomBytes(4).toString('hex')}`;
  const token = randomBytes(8).toString('hex');
  const probe = async (): Promise<void> => {
    await kt.setPassword(service, account, token);
    const back = await kt.getPassword(service, account);
    await kt.deletePassword(service, account);
    if (back !== token) throw new Error('keychain returned a different value than was written');
  };
  await bounded(probe, probeMs, 'start-up check');
  return new KeytarKeychain(kt, options.opTimeoutMs ?? DEFAULT_OP_TIMEOUT_MS);
}

/** Accounts that belong to the keychain layer itself (probe items left by a killed process). */
export function isInternalAccount(account: string): boolean {
  return account.startsWith('__probe__/');
}

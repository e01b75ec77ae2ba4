// What the main process does when something fails outside every handler. An uncaught exception
// leaves the process in an unknown state: log it, close the core in order (the desk stops and
// the journal's last record is whole), tell the trader, and exit. A stray rejection is logged
// and reported but does not stop trading. Crashed helper processes are logged; a crashed window
// is reopened by the window factory.
import { createLogger } from '../base/log';

const log = createLogger('electron-faults');
/** How long an orderly close may take before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 5000;

export interface FaultHooks {
  /** Closes the core (venues, desk, journal); resolves when done. */
  closeCore(): Promise<void>;
  /** Tells the trader: a dialog, or the alert list of the open windows. */
  tell(message: string, fatal: boolean): void;
  exit(code: number): void;
}

export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface AppEvents {
  on(
    event: 'child-process-gone',
    listener: (
      event: unknown,
      details: { type: string; reason: string; exitCode: number; name?: string },
    ) => void,
  ): unknown;
  on(
    event: 'render-process-gone',
    listener: (event: unknown, contents: unknown, details: { reason: string; exitCode: number }) => void,
  ): unknown;
}

export function installFaultHandlers(proc: ProcessEvents, app: AppEvents, hooks: FaultHooks): void {
  let failing = false;
  proc.on('uncaughtException', (error) => {
    log.error('uncaught exception in the main process', { error, stack: error?.stack?.slice(0, 4000) });
    if (failing) return;
    failing = true;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref?.());
    void Promise.race([
      hooks.closeCore().catch((e: unknown) => log.error('close after a fault failed', { error: e })),
      timeout,
    ]).finally(() => {
      hooks.tell(
        `Crossbook stopped after an internal error (${error?.message ?? 'unknown'}). Open orders stay at the venues; the journal was closed in order.`,
        true,
      );
      hooks.exit(1);
    });
  });
  let toldAt = -Infinity;
  proc.on('unhandledRejection', (reason) => {
    log.error('unhandled rejection in the main process', { error: reason });
    // Once a minute at most: a failing timer must not bury the trader in dialogs.
    if (Date.now() - toldAt < 60_000) return;
    toldAt = Date.now();
    hooks.tell('An internal operation failed; details are in the log. Trading continues.', false);
  });
  app.on('child-process-gone', (_event, details) => {
    const level = details.reason === 'clean-exit' ? 'info' : 'error';
    log[level]('a helper process stopped', {
      type: details.type,
      reason: details.reason,
      exitCode: details.exitCode,
      name: details.name,
    });
  });
  app.on('render-process-gone', (_event, _contents, details) => {
    log.error('a renderer process stopped', { reason: details.reason, exitCode: details.exitCode });
  });
}

// The Electron host: app lifecycle around the same core the web host runs. This folder is the
// only place that imports `electron`; everything it hosts is plain Node and tested as such.
import { Menu, app, dialog, ipcMain, powerMonitor, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore, type RunningCore } from '../app/bootstrap';
import { readVenuesFile, venuesFileArg, type SimulatorDescription } from '../app/venues-file';
import { addLogFile, createLogger } from '../base/log';
import { ensurePrivateDir } from '../base/private-dir';
import { installFaultHandlers } from './faults';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { disarmOnSuspendAndLock } from './power';
import { registerAppScheme, serveRenderer } from './protocol';
import { lockDownSession } from './session-policy';
import { WindowFactory, lockDownContents } from './windows';

const log = createLogger('electron-main');
const here = dirname(fileURLToPath(import.meta.url));

app.enableSandbox();
registerAppScheme();

/** `--venues=FILE`: the demo profile connects to simulators started elsewhere (`npm run sim`). */
function remoteSimulatorsArg(): { description?: SimulatorDescription } | { error: string } {
  const file = venuesFileArg(process.argv);
  try {
    return file === undefined ? {} : { description: readVenuesFile(file) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
const venues = remoteSimulatorsArg();

if ('error' in venues) {
  // A bad file ends the app before anything starts, with the reason (never the file's contents).
  log.error('bad --venues file', { message: venues.error });
  dialog.showErrorBox?.('Crossbook', venues.error);
  app.exit(2);
} else if (!app.requestSingleInstanceLock()) {
  // A second Crossbook would open a second set of venue sessions with the same keys.
  app.quit();
} else {
  let running: RunningCore | undefined;

  /** Tells the trader: in the windows' alert list when a desk is open, else in a dialog. */
  const tell = (message: string, fatal = false) => {
    if (fatal) return dialog.showErrorBox?.('Crossbook', message);
    if (running?.alert(message)) return;
    void dialog.showMessageBox?.({ type: 'warning', message, buttons: ['OK'] });
  };
  const windows = new WindowFactory(join(here, 'preload.cjs'), { onRendererGone: (m) => tell(m) });

  installFaultHandlers(process, app, {
    closeCore: async () => {
      const closing = running;
      running = undefined;
      await closing?.close();
    },
    tell,
    exit: (code) => app.exit(code),
  });

  app.on('second-instance', () => {
    const main = windows.all()[0];
    if (main) {
      if (main.isMinimized()) main.restore();
      main.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('session-created', (created) => lockDownSession(created));

  app.whenReady().then(
    async () => {
      lockDownSession(session.defaultSession);
      Menu.setApplicationMenu?.(Menu.buildFromTemplate(menuTemplate(app.isPackaged === true)));
      serveRenderer(join(here, '..', 'renderer'));
      const dataDir = ensurePrivateDir(app.getPath('userData'));
      if (!process.env.CROSSBOOK_LOG_FILE)
        addLogFile(join(ensurePrivateDir(app.getPath('logs')), 'crossbook.log'));
      running = await startCore({
        dataDir,
        keychainService: process.env.CROSSBOOK_KEYCHAIN_SERVICE,
        ...(venues.description ? { remoteSimulators: venues.description } : {}),
        host: {
          host: 'electron',
          version: app.getVersion(),
          openWindow: async (kind, params, bounds) => {
            windows.open(kind, params, bounds);
            return {};
          },
        },
      });
      registerIpc(ipcMain, running.core);
      if (powerMonitor) disarmOnSuspendAndLock(powerMonitor, () => running);
      windows.open('main');
    },
    (error: unknown) => {
      log.error('failed to start', { error });
      tell(`Crossbook could not start: ${(error as Error)?.message ?? String(error)}`, true);
      app.exit(1);
    },
  );

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!running) return;
    event.preventDefault();
    const closing = running;
    running = undefined;
    void closing.close().finally(() => app.quit());
  });
}

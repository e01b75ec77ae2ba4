// The Electron host: app lifecycle around the same core the web host runs. This folder is the
// only place that imports `electron`; everything it hosts is plain Node and tested as such.
import { app, ipcMain, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore, type RunningCore } from '../app/bootstrap';
import { addLogFile, createLogger } from '../base/log';
import { registerIpc } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { WindowFactory, lockDownContents } from './windows';

const log = createLogger('electron-main');
const here = dirname(fileURLToPath(import.meta.url));

app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // A second Crossbook would open a second set of venue sessions with the same keys.
  app.quit();
} else {
  const windows = new WindowFactory(join(here, 'preload.cjs'));
  let running: RunningCore | undefined;

  app.on('second-instance', () => {
    const main = windows.all()[0];
    if (main) {
      if (main.isMinimized()) main.restore();
      main.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));

  app.whenReady().then(
    async () => {
      session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
      session.defaultSession.setPermissionCheckHandler(() => false);
      serveRenderer(join(here, '..', 'renderer'));
      if (!process.env.CROSSBOOK_LOG_FILE) addLogFile(join(app.getPath('logs'), 'crossbook.log'));
      running = await startCore({
        dataDir: app.getPath('userData'),
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
      windows.open('main');
    },
    (error: unknown) => {
      log.error('failed to start', { error });
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

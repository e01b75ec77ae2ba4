// Permissions for every session, not only the default one: a trading desk needs no camera,
// microphone, notifications, USB, HID, serial or downloads, so every request and check is no.
import type { Session } from 'electron';
import { createLogger } from '../base/log';

const log = createLogger('electron-session');

export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('refused a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
  session.on?.('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on?.('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on?.('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on?.('will-download', (event) => {
    log.warn('refused a download');
    event.preventDefault();
  });
}

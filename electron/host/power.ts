// One-click trading must not outlive the trader's attention: a suspend or a locked screen
// disarms it, and the windows say why (an alert in their risk list) when the trader is back.
import { createLogger } from '../base/log';

const log = createLogger('electron-power');

export interface PowerEvents {
  on(event: 'suspend' | 'lock-screen' | 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export interface Disarmer {
  disarm(reason: string): boolean;
  alert(message: string): boolean;
}

const WHY: Record<'suspend' | 'lock-screen', string> = {
  suspend: 'the computer went to sleep',
  'lock-screen': 'the screen was locked',
};

export function disarmOnSuspendAndLock(power: PowerEvents, desk: () => Disarmer | undefined): void {
  let disarmedBecause: string | undefined;
  for (const event of ['suspend', 'lock-screen'] as const) {
    power.on(event, () => {
      const disarmed = desk()?.disarm(`One-click trading was disarmed because ${WHY[event]}.`) ?? false;
      if (disarmed) disarmedBecause = WHY[event];
      log.info('power event', { event, disarmed });
    });
  }
  for (const event of ['resume', 'unlock-screen'] as const) {
    power.on(event, () => {
      if (!disarmedBecause) return;
      desk()?.alert(
        `Welcome back: one-click trading was disarmed because ${disarmedBecause}. Arm it again to trade with one click.`,
      );
      disarmedBecause = undefined;
    });
  }
}

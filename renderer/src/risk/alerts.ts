// Alerts for what a trader must not miss: fills, rejections, a venue going down or stale, risk
// events. Each kind has its own sound and desktop-notification switch; one volume; a visual
// flash for those who trade without sound. Settings live in localStorage (every window, every start).
import { z } from 'zod';

export const ALERT_KINDS = ['fill', 'rejection', 'venue', 'risk'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_LABELS: Record<AlertKind, string> = {
  fill: 'Fills',
  rejection: 'Rejections',
  venue: 'Venue down or stale',
  risk: 'Risk events',
};

const Switches = z.object({ sound: z.boolean(), notify: z.boolean() });
export const AlertSettings = z.object({
  kinds: z.object({ fill: Switches, rejection: Switches, venue: Switches, risk: Switches }),
  /** 0 (silent) to 1. */
  volume: z.number().min(0).max(1),
  flash: z.boolean(),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

const KEY = 'crossbook.alerts';

export function defaultAlertSettings(): AlertSettings {
  return {
    kinds: {
      fill: { sound: true, notify: false },
      rejection: { sound: true, notify: true },
      venue: { sound: true, notify: true },
      risk: { sound: true, notify: true },
    },
    volume: 0.5,
    flash: true,
  };
}

export function loadAlertSettings(storage: Storage = localStorage): AlertSettings {
  try {
    const parsed = AlertSettings.safeParse(JSON.parse(storage.getItem(KEY) ?? 'null'));
    return parsed.success ? parsed.data : defaultAlertSettings();
  } catch {
    return defaultAlertSettings();
  }
}

export function saveAlertSettings(settings: AlertSettings, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(settings));
}

/** Pitch per kind, so a trader can tell a fill from a rejection without looking. */
const PITCH: Record<AlertKind, number> = { fill: 880, rejection: 330, venue: 440, risk: 550 };

let context: AudioContext | undefined;

/** A short WebAudio beep (no sound file needed); does nothing where audio is unavailable. */
export function beep(kind: AlertKind, volume: number): boolean {
  const Ctx = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctx || volume <= 0) return false;
  try {
    context ??= new Ctx();
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = PITCH[kind];
    gain.gain.value = volume * 0.3;
    osc.connect(gain).connect(context.destination);
    const t = context.currentTime;
    osc.start(t);
    osc.stop(t + (kind === 'fill' ? 0.12 : 0.3));
    return true;
  } catch {
    return false;
  }
}

/** A desktop notification where the host allows one (permission already granted). */
export function notify(title: string, body: string): boolean {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!N || N.permission !== 'granted') return false;
  try {
    new N(title, { body, tag: `crossbook-${title}` });
    return true;
  } catch {
    return false;
  }
}

/** Asks for notification permission (needs a click); answers whether notifications may show. */
export async function allowNotifications(): Promise<boolean> {
  const N = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!N) return false;
  if (N.permission === 'granted') return true;
  if (N.permission === 'denied') return false;
  return (await N.requestPermission()) === 'granted';
}

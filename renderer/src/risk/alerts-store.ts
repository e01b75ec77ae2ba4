// The alert list (the last ones, newest first) and what raising one does: sound, desktop
// notification and flash, each as the trader set them. Sound and notification are injectable
// so tests can count them.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import {
  beep,
  loadAlertSettings,
  notify,
  saveAlertSettings,
  ALERT_LABELS,
  type AlertKind,
  type AlertSettings,
} from './alerts';

export interface Alert {
  id: number;
  at: number;
  kind: AlertKind;
  text: string;
}

const KEEP = 50;
const FLASH_MS = 800;

export const useAlertsStore = defineStore('alerts', () => {
  const settings = ref<AlertSettings>(loadAlertSettings());
  const list = ref<Alert[]>([]);
  const flashing = ref<AlertKind>();
  let next = 1;
  let flashTimer: ReturnType<typeof setTimeout> | undefined;
  const out = { beep, notify };
  watch(settings, (s) => saveAlertSettings(s), { deep: true });

  function raise(kind: AlertKind, text: string, at = Date.now()): void {
    list.value = [{ id: next++, at, kind, text }, ...list.value].slice(0, KEEP);
    const s = settings.value;
    if (s.kinds[kind].sound) out.beep(kind, s.volume);
    if (s.kinds[kind].notify) out.notify(`Crossbook: ${ALERT_LABELS[kind]}`, text);
    if (s.flash) {
      flashing.value = kind;
      clearTimeout(flashTimer);
      flashTimer = setTimeout(() => (flashing.value = undefined), FLASH_MS);
    }
  }

  function clear(): void {
    list.value = [];
  }

  return { settings, list, flashing, raise, clear, out };
});

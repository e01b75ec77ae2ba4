// One-click arming per window. The core keeps one armed flag for all of one-click trading (it refuses
// a one-click order unless armed); each ladder window adds its own: it trades on a click only while
// both are set. Arming a window arms the core if it is not; disarming the last armed window disarms
// the core; "disarm all" disarms the core, and every window, hearing that on risk.events, disarms too.
// Which windows are armed is shared through localStorage, as the workspace registry is.
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { z } from 'zod';
import type { CrossbookApi } from '../../../shared/contract';
import { useRiskStore } from './risk-store';

const ARMED_KEY = 'crossbook.windows.armed';
const ArmedWindows = z.array(z.string().max(64)).max(64);

function readArmed(storage: Storage): string[] {
  try {
    const parsed = ArmedWindows.safeParse(JSON.parse(storage.getItem(ARMED_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

function writeArmed(storage: Storage, ids: string[]): void {
  try {
    storage.setItem(ARMED_KEY, JSON.stringify(ids));
  } catch {
    // A blocked localStorage only means the core is not disarmed with the last window; disarm all still is.
  }
}

/** Marks a window armed or not; answers how many other windows are still armed. */
export function markArmed(storage: Storage, windowId: string, armed: boolean): number {
  const others = readArmed(storage).filter((id) => id !== windowId);
  writeArmed(storage, armed ? [...others, windowId] : others);
  return others.length;
}

export function useWindowArming(api: CrossbookApi, windowId: string) {
  const risk = useRiskStore();
  const armedHere = ref(false);
  /** This window trades on a click: armed here and in the core. */
  const armed = computed(() => armedHere.value && risk.state.armed);

  function set(value: boolean) {
    armedHere.value = value;
    markArmed(window.localStorage, windowId, value);
  }

  async function arm(): Promise<void> {
    set(true);
    if (!risk.state.armed) await risk.arm(api, true);
    if (!risk.state.armed) set(false);
  }

  async function disarm(): Promise<void> {
    if (!armedHere.value) return;
    set(false);
    if (markArmed(window.localStorage, windowId, false) === 0 && risk.state.armed) await risk.arm(api, false);
  }

  async function disarmAll(): Promise<void> {
    set(false);
    await risk.arm(api, false);
  }

  // The core disarmed (disarm all from any window, the kill switch, a venue dropping): obey.
  watch(
    () => risk.state.armed,
    (coreArmed) => {
      if (!coreArmed && armedHere.value) set(false);
    },
  );
  // A closing armed window is disarmed; if it was the last, so is the core (best effort on pagehide).
  const leave = () => {
    if (!armedHere.value) return;
    armedHere.value = false;
    if (markArmed(window.localStorage, windowId, false) === 0 && risk.state.armed) void risk.arm(api, false);
  };
  onMounted(() => window.addEventListener('pagehide', leave));
  onBeforeUnmount(() => {
    window.removeEventListener('pagehide', leave);
    leave();
  });

  return { armed, arm, disarm, disarmAll };
}

// A ladder window's settings: restored from its workspace slot, saved back to it on every change.
// A ladder opened without saved settings takes its grouping from its first full book; a grouping
// the trader chose (now or in a saved workspace) is never overridden.
import { ref, watch } from 'vue';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { useWindowSlot } from '../workspace/window-slot';
import { DEFAULT_LADDER, LadderSettings } from '../workspace/workspace-storage';
import { defaultGroupTicks } from './layout';

export function useLadderSettings(params: Record<string, string>) {
  const settings = ref<LadderSettings>({ ...DEFAULT_LADDER });
  const slot = useWindowSlot('ladder', params, settings, () => settings.value);
  const restored = LadderSettings.safeParse(slot.saved?.ladder);
  if (restored.success) settings.value = { ...restored.data };
  let chooseGroup = !restored.success;
  watch(
    () => settings.value.groupTicks,
    () => (chooseGroup = false),
  );

  /** Picks the grouping from the first frame that allows a choice, once. */
  function groupFromFrame(frame: LadderFrame): void {
    if (!chooseGroup) return;
    const g = defaultGroupTicks(frame, settings.value.groupTicks);
    if (g === null) return;
    chooseGroup = false;
    if (g !== settings.value.groupTicks) settings.value = { ...settings.value, groupTicks: g };
  }

  return { settings, windowId: slot.id, groupFromFrame };
}

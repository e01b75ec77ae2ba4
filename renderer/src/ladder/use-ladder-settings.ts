// A ladder window's settings: restored from its workspace slot, saved back to it on every change.
// A ladder opened without saved settings takes its grouping from its first full book, and its
// quantity presets from the trader's presets for the instrument or, failing those, from the first
// mid price (quantity-presets.ts); a grouping or presets the trader chose are never overridden.
// A ladder on a board is no window of its own: its board hands it its tile (slot id and saved
// settings) and keeps the settings in its own workspace entry.
import { ref, watch } from 'vue';
import type { InstrumentInfo } from '../../../shared/contract';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { useWindowSlot } from '../workspace/window-slot';
import { DEFAULT_LADDER, LadderSettings, type BoardTile } from '../workspace/workspace-storage';
import { defaultGroupTicks } from './layout';
import { defaultPresets, loadPresets, savePresets } from '../market/quantity-presets';

export function useLadderSettings(params: Record<string, string>, tile?: BoardTile) {
  const settings = ref<LadderSettings>({ ...DEFAULT_LADDER });
  const slot = tile
    ? { id: tile.id, saved: tile.ladder }
    : (({ id, saved }) => ({ id, saved: saved?.ladder }))(
        useWindowSlot('ladder', params, settings, () => ({ ladder: settings.value })),
      );
  const restored = LadderSettings.safeParse(slot.saved);
  if (restored.success) settings.value = { ...restored.data };
  let chooseGroup = !restored.success;
  watch(
    () => settings.value.groupTicks,
    () => (chooseGroup = false),
  );

  const instrument = params.instrument;
  const kept = !restored.success && instrument ? loadPresets(window.localStorage, instrument) : undefined;
  // Presets this window set itself; any other change is the trader's, remembered for the instrument.
  let automatic: string[] | undefined;
  if (kept) setPresets(kept);
  let choosePresets = !restored.success && !kept;
  watch(
    () => settings.value.quantityPresets,
    (presets) => {
      if (presets === automatic) return;
      choosePresets = false;
      if (instrument) savePresets(window.localStorage, instrument, presets);
    },
  );

  function setPresets(presets: string[]) {
    automatic = presets;
    settings.value = { ...settings.value, quantityPresets: presets, quantity: presets[0]! };
  }

  /** Picks grouping and presets from the first frame that allows a choice, once each. */
  function chooseFromFrame(frame: LadderFrame, info: InstrumentInfo | undefined): void {
    if (choosePresets && info && Number.isFinite(frame.bestBid) && Number.isFinite(frame.bestAsk)) {
      choosePresets = false;
      const mid = (frame.bestBid + frame.bestAsk) / 2 / 10 ** frame.priceScale;
      setPresets(defaultPresets(info.lotSize, mid));
    }
    if (!chooseGroup) return;
    const g = defaultGroupTicks(frame, settings.value.groupTicks);
    if (g === null) return;
    chooseGroup = false;
    if (g !== settings.value.groupTicks) settings.value = { ...settings.value, groupTicks: g };
  }

  return { settings, windowId: slot.id, chooseFromFrame };
}

// Our orders on this ladder as the trader works them: which one is selected (Shift+click, or the
// one the ladder last placed) for keyboard changes, and which are waiting for the venue. A change
// is pending from the moment it is sent until the core answers it, and after that for as long as
// the orders stream says modify_pending / cancel_pending: the venue has not confirmed it yet.
import { computed, reactive, ref, type Ref } from 'vue';
import type { OrderView } from '../../../shared/contract';
import { parseScaled } from '../../../shared/decimal';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { useOrdersStore } from '../orders/orders-store';
import type { OwnMarks } from './draw';
import { workingOrders } from './ladder-summary';
import type { LadderTarget, PendingKind } from './ladder-trader';
import { rowForPrice } from './layout';

/** Read only (the painter reads marks, never changes them). */
const NO_MARKS: OwnMarks = { pending: { buy: new Set(), sell: new Set() }, selected: null };

export function useOwnOrders(target: Ref<LadderTarget | null>) {
  const orders = useOrdersStore();
  const inFlight = reactive(new Map<string, PendingKind>());
  const selectedId = ref<string | null>(null);

  const mine = computed(() => (target.value ? workingOrders(orders.working, target.value) : []));
  const selected = computed(() => mine.value.find((o) => o.clientOrderId === selectedId.value) ?? null);

  function pendingOf(o: OrderView): PendingKind | null {
    const sent = inFlight.get(o.clientOrderId);
    if (sent) return sent;
    if (o.status === 'modify_pending') return 'modify';
    if (o.status === 'cancel_pending') return 'cancel';
    return null;
  }

  const pending = computed(() => mine.value.filter((o) => pendingOf(o) !== null));
  /** The status line's word on what is waiting for the venue, or null. */
  const pendingText = computed(() => {
    const p = pending.value;
    if (p.length === 0) return null;
    const cancels = p.filter((o) => pendingOf(o) === 'cancel').length;
    const modifies = p.length - cancels;
    const parts = [
      modifies ? `${modifies} change${modifies > 1 ? 's' : ''}` : '',
      cancels ? `${cancels} cancel${cancels > 1 ? 's' : ''}` : '',
    ].filter(Boolean);
    return `Waiting for the venue to confirm ${parts.join(' and ')}.`;
  });

  const tracker = {
    start: (id: string, kind: PendingKind) => void inFlight.set(id, kind),
    end: (id: string) => void inFlight.delete(id),
  };

  function select(order: OrderView | undefined) {
    selectedId.value = order?.clientOrderId ?? null;
  }

  /** Rows of the frame holding pending or selected orders, for the painter. */
  function marks(frame: LadderFrame): OwnMarks {
    // Asked on every paint; most of the time there is nothing to mark and nothing to allocate.
    if (pending.value.length === 0 && !selected.value) return NO_MARKS;
    const out: OwnMarks = { pending: { buy: new Set(), sell: new Set() }, selected: null };
    const rowOf = (o: OrderView) => {
      if (o.price === undefined) return null;
      try {
        return rowForPrice(frame, parseScaled(o.price, frame.priceScale), o.side);
      } catch {
        return null;
      }
    };
    for (const o of pending.value) {
      const row = rowOf(o);
      if (row !== null) out.pending[o.side].add(row);
    }
    const s = selected.value;
    const row = s ? rowOf(s) : null;
    if (s && row !== null) out.selected = { side: s.side, row };
    return out;
  }

  return { selected, select, pending, pendingText, tracker, marks };
}

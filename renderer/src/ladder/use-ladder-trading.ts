// Trading from a ladder: click-to-trade and drag (only while armed), buy/sell at best, cancel all,
// and the status line that tells the trader what happened. The order logic is LadderTrader's.
import { ref, type Ref } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';
import type { LadderFrame } from '../../../shared/ladder-frame';
import { useOrdersStore } from '../orders/orders-store';
import type { Confirm } from '../common/confirm';
import { LadderTrader, type LadderTarget, type TraderDeps } from './ladder-trader';
import type { ClickAction, Side } from './layout';

export interface LadderStatus {
  text: string;
  kind: 'error' | 'info';
}

export function useLadderTrading(o: {
  api: CrossbookApi;
  target: Ref<LadderTarget | null>;
  quantity: () => string;
  frame: () => LadderFrame | null;
  confirm: Confirm;
  /** One-click trading is armed in this window. */
  armed: () => boolean;
  pending?: TraderDeps['pending'];
  placed?: TraderDeps['placed'];
}) {
  const orders = useOrdersStore();
  const status = ref<LadderStatus | null>(null);

  function report(text: string | null, kind: LadderStatus['kind'] = 'info') {
    status.value = text === null ? null : { text, kind };
  }

  const trader = new LadderTrader({
    api: o.api,
    armed: o.armed,
    target: () => o.target.value,
    quantity: o.quantity,
    frame: o.frame,
    working: () => orders.working,
    confirm: o.confirm,
    report,
    pending: o.pending,
    placed: o.placed,
  });

  function onAction(action: ClickAction) {
    void trader.act(action);
  }
  function onDrag(d: { side: Side; fromPrice: number; price: number }) {
    void trader.moveOrders(d.side, d.fromPrice, d.price);
  }

  return { trader, status, report, onAction, onDrag };
}

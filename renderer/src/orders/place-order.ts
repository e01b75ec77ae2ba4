// Placing one order from a ticket or a ladder: a soft-limit warning from the core is put to the
// trader and, if accepted, the order is resent with confirm.
import type { CrossbookApi, OrderView, RequestOf } from '../../../shared/contract';
import type { Confirm } from '../common/confirm';

/** Sends an order; a soft-limit warning is put to the trader and, if accepted, resent with confirm. */
export async function placeWithConfirm(
  api: CrossbookApi,
  request: RequestOf<'orders.place'>,
  confirm: Confirm,
): Promise<OrderView | null> {
  const first = await api.invoke('orders.place', request);
  if (first.status === 'accepted') return first.order;
  if (!(await confirm('This order needs your confirmation', first.warnings))) return null;
  const second = await api.invoke('orders.place', { ...request, confirm: true });
  return second.status === 'accepted' ? second.order : null;
}

// orders.audit over the contract: an order's journal records, read from the active profile's journal.
import { ContractError } from '../../shared/contract';
import type { CrossbookCore } from '../base/crossbook-core';
import { readAuditTrail } from '../orders/audit-trail';
import type { TradingDesk } from './trading-desk';

export function registerAuditTrail(core: CrossbookCore, desk: Pick<TradingDesk, 'journalPath'>): void {
  core.handle('orders.audit', async ({ clientOrderId }) => {
    const path = desk.journalPath();
    if (!path) throw new ContractError('UNAVAILABLE', 'no profile is trading yet: unlock it first');
    return { clientOrderId, events: await readAuditTrail(path, clientOrderId) };
  });
}

// The order whose audit trail the main window shows, and that trail (orders.audit).
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AuditEvent, CrossbookApi } from '../../../shared/contract';
import { describeError } from '../common/describe-error';

export const useAuditStore = defineStore('audit', () => {
  const clientOrderId = ref<string>();
  const events = shallowRef<AuditEvent[]>([]);
  const loading = ref(false);
  const error = ref<string>();
  let asked = 0;

  async function show(api: CrossbookApi, id: string): Promise<void> {
    const mine = ++asked;
    clientOrderId.value = id;
    loading.value = true;
    error.value = undefined;
    try {
      const r = await api.invoke('orders.audit', { clientOrderId: id });
      if (mine === asked) events.value = r.events;
    } catch (e) {
      if (mine === asked) {
        events.value = [];
        error.value = describeError(e, 'Audit trail');
      }
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  function close(): void {
    asked++;
    clientOrderId.value = undefined;
    events.value = [];
    error.value = undefined;
  }

  return { clientOrderId, events, loading, error, show, close };
});

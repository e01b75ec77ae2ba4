// A promise-shaped confirmation: code that needs the trader's yes/no awaits confirm(), and the
// window shows ConfirmDialog while one is pending.
import { shallowRef } from 'vue';

export type Confirm = (title: string, warnings: string[]) => Promise<boolean>;

export interface PendingConfirm {
  title: string;
  warnings: string[];
  confirmLabel: string;
  resolve: (ok: boolean) => void;
}

export function createConfirm() {
  const pending = shallowRef<PendingConfirm | null>(null);
  const ask = (title: string, warnings: string[], confirmLabel = 'Send anyway'): Promise<boolean> =>
    new Promise((resolve) => {
      pending.value?.resolve(false);
      pending.value = { title, warnings, confirmLabel, resolve };
    });
  const confirm: Confirm = (title, warnings) => ask(title, warnings);
  function answer(ok: boolean) {
    const p = pending.value;
    pending.value = null;
    p?.resolve(ok);
  }
  return { pending, confirm, ask, answer };
}

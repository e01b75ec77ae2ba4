// Mount helpers: a window component with a fresh Pinia and the fake API provided, and a manual
// requestAnimationFrame so tests decide when a display frame happens.
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { vi } from 'vitest';
import type { Component } from 'vue';
import { provideApi } from '../../../renderer/src/api/inject';
import type { InstrumentInfo } from '../../../shared/contract';
import { FakeApi } from './fake-api';

export const BTC_PAXOS: InstrumentInfo = {
  id: 'paxos:BTCUSD',
  label: 'BTC-USD · Paxos',
  ref: { venue: 'paxos', market: 'BTCUSD' },
  canonical: 'BTC-USD',
  priceDecimals: 2,
  sizeDecimals: 3,
  tickSize: '0.01',
  lotSize: '0.001',
  venues: ['paxos'],
};

export function manualRaf() {
  const queue: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => queue.push(cb));
  vi.stubGlobal('cancelAnimationFrame', () => {});
  return {
    pending: () => queue.length,
    /** Runs the callbacks queued so far with timestamp t; returns how many ran. */
    flush(t = 0) {
      const run = queue.splice(0);
      for (const cb of run) cb(t);
      return run.length;
    },
  };
}

export function mountWindow(component: Component, params: Record<string, string>, api = new FakeApi()) {
  return mountWith(component, { params }, api);
}

export function mountWith(component: Component, props: Record<string, unknown>, api = new FakeApi()) {
  const wrapper = mount(component, {
    props,
    attachTo: document.body,
    global: { plugins: [createPinia(), { install: (app) => provideApi(app, api) }] },
  });
  return { wrapper, api };
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

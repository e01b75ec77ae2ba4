import { inject, type App, type InjectionKey } from 'vue';
import type { CrossbookApi } from '../../../shared/contract';

const API: InjectionKey<CrossbookApi> = Symbol('crossbook-api');

export function provideApi(app: App, api: CrossbookApi): void {
  app.provide(API, api);
}

export function useApi(): CrossbookApi {
  const api = inject(API);
  if (!api) throw new Error('Crossbook API not provided');
  return api;
}

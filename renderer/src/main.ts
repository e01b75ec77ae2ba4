import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import NoHost from './windows/NoHost.vue';
import { NoHostError, resolveApi } from './api';
import { provideApi } from './api/inject';
import { parseWindowKind } from './workspace/window-kind';
import './common/theme.css';

const params = new URLSearchParams(window.location.search);
const kind = parseWindowKind(params.get('window'));
try {
  const api = resolveApi();
  const app = createApp(App, { kind, params: Object.fromEntries(params) });
  provideApi(app, api);
  app.use(createPinia());
  app.mount('#app');
} catch (error) {
  if (!(error instanceof NoHostError)) throw error;
  createApp(NoHost, { message: error.message }).mount('#app');
}

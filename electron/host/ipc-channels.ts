// The complete allow-list of IPC channels between the preload and the main process. Nothing
// else is listened to or sent; the preload exposes no raw ipcRenderer.
export const IPC = {
  invoke: 'crossbook:invoke',
  subscribe: 'crossbook:subscribe',
  unsubscribe: 'crossbook:unsubscribe',
  port: 'crossbook:port',
} as const;

export const IPC_CHANNELS: readonly string[] = Object.values(IPC);

/** Messages on a subscription's MessagePort, main → renderer. */
export type PortMessage =
  { t: 'ev'; data: unknown } | { t: 'end'; error?: { code: string; message: string } };

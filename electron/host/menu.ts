// The application menu. Packaged builds get no reload (a reload drops every subscription and
// any half-typed ticket) and no developer tools; a development run keeps both.
import type { MenuItemConstructorOptions } from 'electron';

export function menuTemplate(
  packaged: boolean,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const appMenu: MenuItemConstructorOptions[] =
    platform === 'darwin'
      ? [
          {
            label: 'Crossbook',
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          },
        ]
      : [{ label: 'File', submenu: [{ role: 'quit' }] }];
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
    ...(packaged
      ? []
      : ([
          { type: 'separator' },
          { role: 'reload' },
          { role: 'toggleDevTools' },
        ] as MenuItemConstructorOptions[])),
  ];
  return [
    ...appMenu,
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}

import type { MenuItemConstructorOptions } from 'electron'

/** What the menu's own commands do; the standard ones (copy, zoom, quit…) are Electron's roles. */
export interface MenuActions {
  importFiles(): void
  openSearch(): void
  openSettings(): void
  showLibraryFolder(): void
}

/**
 * The application menu, by the platform's conventions: on macOS the app menu carries About,
 * Settings (⌘,) and Quit, and Window has Bring All to Front; elsewhere File has Settings
 * (Ctrl+,) and Quit, and Help has About.
 */
export function applicationMenu(platform: NodeJS.Platform, appName: string, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const settings: MenuItemConstructorOptions = { label: mac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: () => actions.openSettings() }
  return [
    ...(mac
      ? [{ label: appName, submenu: [{ role: 'about' }, { type: 'separator' }, settings, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } satisfies MenuItemConstructorOptions]
      : []),
    {
      label: '&File',
      submenu: [
        { label: 'Import Files…', accelerator: 'CmdOrCtrl+O', click: () => actions.importFiles() },
        { label: 'Show Library Folder', click: () => actions.showLibraryFolder() },
        { type: 'separator' },
        ...(mac ? [{ role: 'close' } satisfies MenuItemConstructorOptions] : [settings, { type: 'separator' } satisfies MenuItemConstructorOptions, { role: 'quit' } satisfies MenuItemConstructorOptions]),
      ],
    },
    { label: '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: '&View',
      submenu: [
        { label: 'Search', accelerator: 'CmdOrCtrl+K', click: () => actions.openSearch() },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
    { label: '&Help', role: 'help', submenu: mac ? [{ label: 'Show Library Folder', click: () => actions.showLibraryFolder() }] : [{ role: 'about' }] },
  ]
}

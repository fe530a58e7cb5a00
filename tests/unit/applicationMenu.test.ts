import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { applicationMenu, type MenuActions } from '../../electron/main/applicationMenu'

function actionsLog() {
  const called: string[] = []
  const actions: MenuActions = {
    importFiles: () => called.push('importFiles'),
    openSearch: () => called.push('openSearch'),
    openSettings: () => called.push('openSettings'),
    showLibraryFolder: () => called.push('showLibraryFolder'),
  }
  return { called, actions }
}

const labels = (menu: MenuItemConstructorOptions[]) => menu.map((entry) => entry.label?.replace('&', ''))
const flat = (menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => menu.flatMap((entry) => [entry, ...flat((entry.submenu as MenuItemConstructorOptions[] | undefined) ?? [])])
const roles = (menu: MenuItemConstructorOptions[]) => flat(menu).map((entry) => entry.role).filter(Boolean)
const byLabel = (menu: MenuItemConstructorOptions[], label: string) => flat(menu).find((entry) => entry.label === label)

describe('applicationMenu', () => {
  it('follows Windows and Linux conventions: File, Edit, View, Window, Help; Settings and Quit under File; About under Help', () => {
    const menu = applicationMenu('linux', 'Scriptorium', actionsLog().actions)
    expect(labels(menu)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
    const file = menu[0].submenu as MenuItemConstructorOptions[]
    expect(file.map((entry) => entry.label ?? entry.role ?? entry.type)).toEqual(['Import Files…', 'Show Library Folder', 'separator', 'Settings', 'separator', 'quit'])
    expect(((menu[4].submenu as MenuItemConstructorOptions[])[0]).role).toBe('about')
    expect(roles(menu)).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'minimize', 'close']))
  })

  it('follows macOS conventions: an app menu with About, Settings… and Quit, and Bring All to Front', () => {
    const menu = applicationMenu('darwin', 'Scriptorium', actionsLog().actions)
    expect(labels(menu)).toEqual(['Scriptorium', 'File', 'Edit', 'View', 'Window', 'Help'])
    const app = (menu[0].submenu as MenuItemConstructorOptions[]).map((entry) => entry.label ?? entry.role)
    expect(app).toEqual(expect.arrayContaining(['about', 'Settings…', 'services', 'hide', 'hideOthers', 'unhide', 'quit']))
    expect(flat(menu.slice(1)).some((entry) => entry.role === 'quit')).toBe(false)
    expect(roles(menu)).toContain('front')
  })

  it('gives every command its usual shortcut and runs the matching action', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { called, actions } = actionsLog()
      const menu = applicationMenu(platform, 'Scriptorium', actions)
      const settings = byLabel(menu, platform === 'darwin' ? 'Settings…' : 'Settings')!
      expect([byLabel(menu, 'Import Files…')?.accelerator, byLabel(menu, 'Search')?.accelerator, settings.accelerator]).toEqual(['CmdOrCtrl+O', 'CmdOrCtrl+K', 'CmdOrCtrl+,'])
      const click = (entry: MenuItemConstructorOptions | undefined) => (entry?.click as (() => void) | undefined)?.()
      click(byLabel(menu, 'Import Files…'))
      click(byLabel(menu, 'Search'))
      click(settings)
      click(byLabel(menu, 'Show Library Folder'))
      expect(called).toEqual(['importFiles', 'openSearch', 'openSettings', 'showLibraryFolder'])
    }
  })
})

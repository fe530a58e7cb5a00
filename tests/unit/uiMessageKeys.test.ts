/// <reference types="vite/client" />
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MessageArea } from '../../renderer/src/i18n/messageArea'

const areas = import.meta.glob<{ default: MessageArea }>('../../renderer/src/i18n/messages/*.ts', { eager: true })
type Messages = { [key: string]: string | Messages }
const english: Messages = Object.assign({}, ...Object.values(areas).map(({ default: area }) => area.en))

const lookup = (key: string): string | Messages | undefined =>
  key.split('.').reduce<string | Messages | undefined>((at, part) => (at && typeof at === 'object' ? at[part] : undefined), english)

const sources = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(folder, entry.name)) : /\.(vue|ts)$/.test(entry.name) ? [join(folder, entry.name)] : [],
  )

// t('a.b'), t(`a.${x}`), te(...), keypath="a.b": every key the renderer asks for, as written in its source.
const KEY = /\bte?\(\s*(['`])([A-Za-z][\w.]*(?:\$\{[^}]*\}[\w.]*)*)\1|keypath="([A-Za-z][\w.]*)"/g

describe('UI message keys', () => {
  const used = sources(join(__dirname, '../../renderer/src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(KEY)].map((match) => ({ file: file.split('renderer/src/')[1], key: match[2] ?? match[3] })),
  )

  it('the renderer asks for keys', () => {
    expect(used.length).toBeGreaterThan(300)
  })

  it('every key the renderer asks for is a message (a key built at run time: its fixed start is a group of messages)', () => {
    const missing = used.filter(({ key }) => {
      if (!key.includes('${')) return typeof lookup(key) !== 'string'
      const start = key.slice(0, key.indexOf('${')).replace(/\.$/, '')
      return typeof lookup(start) !== 'object'
    })
    expect(missing).toEqual([])
  })
})

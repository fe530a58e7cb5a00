/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest'
import { UI_LOCALES, type MessageArea } from '../../renderer/src/i18n/messageArea'

const areas = import.meta.glob<{ default: MessageArea }>('../../renderer/src/i18n/messages/*.ts', { eager: true })

type Messages = { [key: string]: string | Messages }
const keysOf = (messages: Messages, prefix = ''): string[] =>
  Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  )
const valuesOf = (messages: Messages): string[] =>
  Object.values(messages).flatMap((value) => (typeof value === 'string' ? [value] : valuesOf(value)))

describe('UI messages', () => {
  it('has at least one area', () => {
    expect(Object.keys(areas).length).toBeGreaterThan(0)
  })

  for (const [file, { default: area }] of Object.entries(areas)) {
    it(`${file.split('/').pop()}: every language has exactly the English keys, none empty`, () => {
      const english = keysOf(area.en).sort()
      for (const locale of UI_LOCALES) {
        expect(keysOf(area[locale]).sort(), locale).toEqual(english)
        expect(valuesOf(area[locale]).filter((value) => value.trim() === ''), locale).toEqual([])
      }
    })
  }

  it('no two areas define the same top-level key', () => {
    const owners = new Map<string, string>()
    for (const [file, { default: area }] of Object.entries(areas)) {
      for (const key of Object.keys(area.en)) {
        expect(owners.get(key), `${key} in ${file}`).toBeUndefined()
        owners.set(key, file)
      }
    }
  })
})

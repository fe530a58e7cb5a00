// @vitest-environment jsdom
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { beforeEach, describe, expect, it } from 'vitest'
import { clearFindMatches, findInText, markFindMatches, setCurrentFindMatch } from '../../../renderer/src/findInText'

// A real Czech news article (Readability's test suite, see tests/fixtures/pages/SOURCES.md): words with
// háčeks and čárkas, split over links and emphasis.
const article = gunzipSync(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/pages/real/aktualne.readability.html.gz'))).toString('utf8')

let root: HTMLElement
beforeEach(() => {
  document.body.innerHTML = `<div>${article}</div>`
  root = document.body.firstElementChild as HTMLElement
})

const strip = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

describe('findInText', () => {
  it('finds a word with and without its accents, in any case, at the places it stands', () => {
    const accented = findInText(root, 'hřiště')
    expect(accented.length).toBeGreaterThan(0)
    expect(findInText(root, 'HRISTE')).toEqual(accented)
    const text = root.textContent!
    for (const { start, end } of accented) expect(strip(text.slice(start, end))).toBe('hriste')
  })

  it('finds nothing for blanks or for a word that is not there', () => {
    expect(findInText(root, '   ')).toEqual([])
    expect(findInText(root, 'zzqzz')).toEqual([])
  })

  it('marks every match without changing the text, one current at a time, and clearing gives back the same DOM', () => {
    const before = root.innerHTML
    const text = root.textContent
    const matches = findInText(root, 'a')
    expect(matches.length).toBeGreaterThan(100)
    markFindMatches(root, matches)
    expect(root.textContent).toBe(text)
    const marks = [...root.querySelectorAll<HTMLElement>('mark.find-match')]
    expect(new Set(marks.map((mark) => mark.dataset.find)).size).toBe(matches.length)
    expect(marks.every((mark) => strip(mark.textContent!) === 'a')).toBe(true)

    expect(setCurrentFindMatch(root, 7)?.dataset.find).toBe('7')
    setCurrentFindMatch(root, 8)
    expect([...root.querySelectorAll<HTMLElement>('mark.current')].map((mark) => mark.dataset.find)).toEqual(['8'])

    clearFindMatches(root)
    expect(root.innerHTML).toBe(before)
  })

  it('marks a match that runs over an element boundary in pieces, all with its number', () => {
    document.body.innerHTML = '<p>Zázrak <em>jedné</em> sezony</p>'
    root = document.body.firstElementChild as HTMLElement
    const matches = findInText(root, 'zazrak jedne se')
    expect(matches).toEqual([{ start: 0, end: 15 }])
    markFindMatches(root, matches)
    expect([...root.querySelectorAll('mark[data-find="0"]')].map((mark) => mark.textContent)).toEqual(['Zázrak ', 'jedné', ' se'])
    expect(root.querySelector('em')?.textContent).toBe('jedné')
  })
})

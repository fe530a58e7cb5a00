import type { CslName, CslType } from '../electron/core/cslItem'
import { seededRandom } from './seededRandom'


const WORDS = (
  'research archive policy government election climate energy market trade health education ' +
  'science history culture society economy border treaty minister parliament court report data ' +
  'analysis evidence study survey results growth crisis reform security peace conflict agreement ' +
  'region city council budget public private sector industry technology network system model ' +
  'the of and to in a is that for on with as by was it at from be this are which an has have'
).split(' ')
const FAMILIES = ['de Vries', 'Jansen', 'Smith', 'García', 'Müller', 'Dubois', 'Kim', 'Nakamura', 'Okafor', 'Rossi', 'van der Berg', 'Novak']
const GIVENS = ['Anna', 'Pieter', 'Maria', 'John', 'Sofia', 'Lukas', 'Amélie', 'Min-jun', 'Chidi', 'Giulia']
const CONTAINERS = ['NRC Handelsblad', 'The Guardian', 'Nature', 'Journal of Peace Research', 'Le Monde', 'De Volkskrant', 'Science']
const TYPES: CslType[] = ['article-newspaper', 'article-journal', 'webpage', 'post-weblog']

export interface FakeArticle {
  title: string
  authors: CslName[]
  date: number[]
  container: string
  type: CslType
  url: string
  tags: string[]
  body: string
}

/** The n-th article of the bench's libraries: realistic metadata and a body of about 600 words. */
export function fakeArticle(n: number): FakeArticle {
  const next = seededRandom(n + 1)
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]
  const sentence = (length: number) => {
    const words = Array.from({ length }, () => pick(WORDS))
    return `${words[0][0].toUpperCase()}${words.join(' ').slice(1)}.`
  }
  const paragraphs = Array.from({ length: 8 }, () => Array.from({ length: 5 }, () => sentence(15)).join(' '))
  return {
    title: sentence(8).slice(0, -1),
    authors: Array.from({ length: 1 + Math.floor(next() * 3) }, () => ({ family: pick(FAMILIES), given: pick(GIVENS) })),
    date: [1990 + Math.floor(next() * 36), 1 + Math.floor(next() * 12)],
    container: pick(CONTAINERS),
    type: pick(TYPES),
    url: `https://example.org/articles/${n}`,
    tags: [pick(WORDS), pick(WORDS)],
    body: `Section ${n}\n\n${paragraphs.join('\n\n')}`,
  }
}

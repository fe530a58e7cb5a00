import { parsePartialDate, type CslDate } from '../cslItem'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// Dutch month names, for the pages this archive is most often fed.
const DUTCH_MONTHS = ['jan', 'feb', 'maa', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec']

/**
 * A date as web pages write it: ISO with or without a time ("2018-09-14T10:00:00+02:00" keeps the
 * calendar date written, not the UTC one), "2018/09/14", "14 September 2018", "September 14, 2018".
 */
export function parseLooseDate(text: string | undefined): CslDate | undefined {
  if (!text) return undefined
  const trimmed = text.trim()
  const iso = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?$/.exec(trimmed)
  if (iso) {
    const parts = [iso[1], iso[2], iso[3]].filter(Boolean).map((part, index) => (index ? part!.padStart(2, '0') : part))
    return parsePartialDate(parts.join('-'))
  }
  const dayFirst = /^(\d{1,2})\.?\s+([a-zé]+)\.?,?\s+(\d{4})/i.exec(trimmed)
  if (dayFirst) return fromWords(dayFirst[3], dayFirst[2], dayFirst[1])
  const monthFirst = /^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})/i.exec(trimmed)
  if (monthFirst) return fromWords(monthFirst[3], monthFirst[1], monthFirst[2])
  return undefined
}

function fromWords(year: string, monthName: string, day: string): CslDate | undefined {
  const prefix = monthName.slice(0, 3).toLowerCase()
  let month = MONTHS.indexOf(prefix) + 1 || DUTCH_MONTHS.indexOf(prefix) + 1
  if (!month && prefix === 'maa') month = 3
  if (!month) return undefined
  return parsePartialDate(`${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`)
}

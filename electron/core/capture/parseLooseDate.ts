import { parsePartialDate, type CslDate } from '../cslItem'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
// Dutch month names, for the pages this archive is most often fed.
const DUTCH_MONTHS = ['jan', 'feb', 'maa', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec']

/**
 * A date as web pages write it: ISO with or without a time ("2018-09-14T10:00:00+02:00" keeps the
 * calendar date written, not the UTC one), "2018/09/14", "20180914", "14 September 2018",
 * "September 14, 2018", "Fri, 14 Sep 2018 10:00:00 GMT".
 */
export function parseLooseDate(text: string | undefined): CslDate | undefined {
  if (!text) return undefined
  // A weekday in front ("Fri, 13 Jan 2017", RFC 2822) says nothing the date does not.
  const trimmed = text.trim().replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, '')
  // NYT's pdate and other compact stamps: "20170113" or "20170113031500".
  const compact = /^((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{4,6})?$/.exec(trimmed)
  if (compact) return parsePartialDate(`${compact[1]}-${compact[2]}-${compact[3]}`)
  const iso = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?$/.exec(trimmed)
  if (iso) {
    const parts = [iso[1], iso[2], iso[3]].filter(Boolean).map((part, index) => (index ? part!.padStart(2, '0') : part))
    return parsePartialDate(parts.join('-'))
  }
  const dayFirst = /^(\d{1,2})\.?\s+([a-zé]+)\.?,?\s+(\d{4})/i.exec(trimmed)
  if (dayFirst) return fromWords(dayFirst[3], dayFirst[2], dayFirst[1])
  // "Mar 13 21:30:09 EST 2015", as Java and JavaScript print a date, puts the time before the year.
  const monthFirst = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(?:[\d:]+\s+(?:[a-z]{2,5}\s+)?)?(\d{4})/i.exec(trimmed)
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

import { describe, expect, it } from 'vitest'
import { readReferences } from '../../../electron/core/references/readReferences'
import { risDate, unfoldRis } from '../../../electron/core/references/risLines'

describe('RIS dates, continuation lines, BOM and CRLF', () => {
  it('takes the year from PY, never from a DA that is not a full date', async () => {
    const file = await readReferences('TY  - JOUR\nTI  - A title\nPY  - 2022\nDA  - SEP 10\nER  - \n', 'x.ris', 'ris')
    expect(file.entries[0].csl.issued).toEqual({ 'date-parts': [[2022]] })
  })

  it('refines the year with a full DA of the same year, and reads Y1 where there is no PY', () => {
    expect(risDate(['PY  - 2005', 'DA  - 2005/07/15'])).toEqual({ 'date-parts': [[2005, 7, 15]] })
    expect(risDate(['PY  - 2005', 'DA  - 2004/07/15'])).toEqual({ 'date-parts': [[2005]] })
    expect(risDate(['Y1  - 2016/12//'])).toEqual({ 'date-parts': [[2016, 12]] })
    expect(risDate(['TI  - none'])).toBeUndefined()
  })

  it('joins a wrapped line to its tag, and reads a BOM and CRLF', async () => {
    expect(unfoldRis('\uFEFFTY  - JOUR\r\nAB  - First half\r\n  second half\r\nER  - \r\n')).toEqual(['TY  - JOUR', 'AB  - First half second half', 'ER  - ', ''])
    const file = await readReferences('\uFEFFTY  - JOUR\r\nTI  - A long title\r\n  that wraps\r\nPY  - 2019\r\nER  - \r\n', 'x.ris', 'ris')
    expect(file.problems).toEqual([])
    expect(file.entries[0].csl.title).toBe('A long title that wraps')
    expect(file.entries[0].csl.issued).toEqual({ 'date-parts': [[2019]] })
  })

  it('gives each entry and each problem the line of the file it starts on, wrapped lines counted', async () => {
    const text = 'TY  - JOUR\nAB  - First half\n  second half\n  third part\nER  - \n\nTY  - BOOK\nTI  - Two\nER  - \nTY  - JOUR\nTI  - Unended\n'
    const file = await readReferences(text, 'x.ris', 'ris')
    expect(file.entries.map((entry) => entry.line)).toEqual([1, 7])
    expect(file.problems).toEqual(['The RIS entry on line 10 has no "ER  -" line.'])
  })
})

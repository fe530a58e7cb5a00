import { describe, expect, it } from 'vitest'
import { summarizeError } from '../../../electron/node/log/summarizeError'

describe('summarizeError', () => {
  it('keeps the name, the errno code and the frames, never the message', () => {
    let parseError: unknown
    try {
      JSON.parse('{"title": "een nieuw tijdperk van vrede"')
    } catch (error) {
      parseError = error
    }
    const summary = summarizeError(parseError)
    expect(summary.name).toBe('SyntaxError')
    expect(summary.frames.length).toBeGreaterThan(0)
    expect(summary.frames.every((frame) => frame.startsWith('at '))).toBe(true)
    expect(JSON.stringify(summary)).not.toContain('tijdperk')
  })

  it('keeps an errno code and system call, and drops a message that spans lines', () => {
    const error = Object.assign(new Error('open failed\n    at the text of "a secret note"'), { code: 'ENOSPC', syscall: 'write', path: '/home/ada/secret.txt' })
    const summary = summarizeError(error)
    expect(summary).toMatchObject({ name: 'Error', code: 'ENOSPC', syscall: 'write' })
    expect(JSON.stringify(summary)).not.toMatch(/secret/)
  })

  it('describes a thrown value that is no Error by its type alone', () => {
    expect(summarizeError('een nieuw tijdperk van vrede')).toEqual({ name: 'string', frames: [] })
  })
})

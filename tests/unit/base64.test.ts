import { describe, expect, it } from 'vitest'
import { ArchiveError } from '../../electron/core/archiveError'
import { decodeBase64, encodeBase64 } from '../../electron/core/base64'

/** Bytes of every value, in an order that is not a plain count. */
const bytesOf = (length: number) => Uint8Array.from({ length }, (_, index) => (index * 7919 + 13) & 0xff)

describe('base64', () => {
  it('encodes as Node does, at every length modulo 3, and with every byte value', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 6, 255, 256, 257, 70_001]) {
      const bytes = bytesOf(length)
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
    }
  })

  it('encodes a view into a larger buffer by its own bytes only', () => {
    const whole = bytesOf(100)
    expect(encodeBase64(whole.subarray(10, 20))).toBe(Buffer.from(whole.subarray(10, 20)).toString('base64'))
  })

  it('gives back the bytes it was given', () => {
    const bytes = bytesOf(100_000)
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes)
  })

  it('refuses text that is not base64 with a sentence', () => {
    expect(() => decodeBase64('%PDF-1.4')).toThrow(ArchiveError)
    expect(() => decodeBase64('%PDF-1.4')).toThrow('A file arrived damaged: its data is not valid base64.')
  })
})

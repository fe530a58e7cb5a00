import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useTempDir } from '../support/tempLibrary'

// The order the converted test files rely on: the folder is there for the scope's own hooks, and gone after them.
describe('useTempDir', () => {
  const temp = useTempDir()
  const used: string[] = []

  beforeEach(() => {
    expect(existsSync(temp.dir)).toBe(true)
  })

  afterEach(() => {
    expect(existsSync(temp.dir)).toBe(true)
    used.push(temp.dir)
  })

  afterAll(() => {
    expect(used).toHaveLength(2)
    expect(used.filter((dir) => existsSync(dir))).toEqual([])
    expect(() => temp.dir).toThrow('useTempDir: the temp folder exists only during a test and its beforeEach/afterEach hooks.')
  })

  it('gives each test a fresh folder, with the library folder in it named but not made', () => {
    expect(temp.libraryDir).toBe(join(temp.dir, 'library'))
    expect(existsSync(temp.libraryDir)).toBe(false)
  })

  it('gives the next test another folder', () => {
    expect(used).toHaveLength(1)
    expect(temp.dir).not.toBe(used[0])
  })
})

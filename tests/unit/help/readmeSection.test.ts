import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readmeSection } from '../../../renderer/src/help/readmeSection'
import { repoRoot } from '../../support/tempLibrary'

describe('readmeSection', () => {
  it('gives the README section the Sync panel opens, up to the next section', async () => {
    const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')
    const section = readmeSection(readme, 'Syncing a library between machines')!
    expect(section.split('\n')[0]).toBe('## Syncing a library between machines')
    expect(section).toContain('**Setting up Syncthing**')
    expect(section).not.toMatch(/^## (?!Syncing)/m)
    // Its last line is the one before the next heading.
    const after = readme.slice(readme.indexOf(section) + section.length).trimStart()
    expect(after.startsWith('## ')).toBe(true)
  })

  it('gives null for a heading the text does not have, and takes the last section to the end', () => {
    const text = '# Title\n\n## One\nfirst\n\n## Two\nsecond\n### Inside two\nmore\n'
    expect(readmeSection(text, 'Three')).toBeNull()
    expect(readmeSection(text, 'One')).toBe('## One\nfirst')
    expect(readmeSection(text, 'Two')).toBe('## Two\nsecond\n### Inside two\nmore')
    // A heading must be the whole line: "## On" is not "## One".
    expect(readmeSection(text, 'On')).toBeNull()
  })
})

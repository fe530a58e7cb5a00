/**
 * One `## ` section of the README (its heading and everything up to the next `## `), so the app shows
 * the same words the README gives and they are written once. Null when the heading is not there.
 */
export function readmeSection(markdown: string, heading: string): string | null {
  const lines = markdown.split('\n')
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`)
  if (start < 0) return null
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  return lines.slice(start, end < 0 ? undefined : end).join('\n').trim()
}

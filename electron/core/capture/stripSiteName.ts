const SEPARATOR = '\\s+[|\\-–—·•:»]\\s+'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** "Grens open | NOS" → "Grens open": a page title minus the site's name, when it is there. */
export function stripSiteName(title: string, siteNames: (string | undefined)[]): string {
  let result = title.trim()
  for (const site of siteNames) {
    if (!site?.trim()) continue
    const name = escapeRegExp(site.trim())
    const suffix = new RegExp(`${SEPARATOR}${name}\\s*$`, 'i')
    const prefix = new RegExp(`^\\s*${name}${SEPARATOR}`, 'i')
    const stripped = result.replace(suffix, '').replace(prefix, '')
    if (stripped.trim()) result = stripped.trim()
  }
  return result
}

import { ArchiveError } from '../archiveError'
import type { FetchPage } from '../capture/webPage'
import type { CslItem } from '../cslItem'
import { describeCslProblem } from './checkCslEntry'

const DOI = /^\s*(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)\s*$/i

/** "10.1000/xyz", "doi:10.1000/xyz" or "https://doi.org/10.1000/xyz" → "10.1000/xyz"; undefined for anything else. */
export function parseDoi(text: string): string | undefined {
  return DOI.exec(text)?.[1]
}

/**
 * The CSL-JSON a DOI's registrar gives (Crossref, DataCite, mEDRA), by content negotiation at the
 * resolver, cleaned up by citation-js's DOI plugin. The fetch is the node layer's, with its time limit
 * and size cap.
 */
export async function resolveDoi(doi: string, resolver: string, fetchMetadata: FetchPage): Promise<Partial<CslItem>> {
  const url = `${resolver.replace(/\/+$/, '')}/${doi.split('/').map(encodeURIComponent).join('/')}`
  let text: string
  try {
    text = new TextDecoder().decode((await fetchMetadata(url)).bytes)
  } catch (error) {
    if ((error as { status?: number }).status === 404) throw new ArchiveError('fetch_failed', `The DOI ${doi} was not found; nothing was added.`)
    throw error
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new ArchiveError('fetch_failed', `The DOI ${doi} could not be looked up (${new URL(url).host} did not answer with its metadata); nothing was added.`)
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ArchiveError('fetch_failed', `The DOI ${doi} has no metadata at its registrar; nothing was added.`)
  const plugin = await import('@citation-js/plugin-doi')
  const clean = (plugin.parsers ?? plugin.default.parsers).json.default as (csl: unknown) => Partial<CslItem>
  const csl = clean(data)
  // Crossref writes an unknown date as {"date-parts": [[null]]}: no date is what it means.
  for (const field of ['issued', 'accessed', 'published-print', 'published-online', 'created'] as const) {
    const parts = (csl[field] as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']
    if (parts && parts.some((part) => !Array.isArray(part) || part[0] === null || part[0] === undefined)) delete csl[field]
  }
  if (!csl.title && !csl.type) throw new ArchiveError('fetch_failed', `The DOI ${doi} has no metadata at its registrar; nothing was added.`)
  const problem = describeCslProblem(csl)
  if (problem) throw new ArchiveError('fetch_failed', `The metadata of the DOI ${doi} cannot be used: ${problem}; nothing was added.`)
  return csl
}

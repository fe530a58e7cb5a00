// Parameters that only say where a click came from: the same page with or without them is one page.
const TRACKING = /^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|igshid|_ga|_gl|ref|ref_src|ref_url|cmpid|ito|spm|share|s_cid|at_medium|at_campaign|ocid|__twitter_impression|oly_enc_id|oly_anon_id|vero_id|wt_mc|smid|sh)$/i

/**
 * An address as duplicates are compared: no fragment, no tracking parameters, no "www.", the same
 * for http and https, no trailing slash. Undefined when it is no web address.
 */
export function normalizeUrl(address: string | undefined): string | undefined {
  if (!address) return undefined
  let url: URL
  try {
    url = new URL(address.trim())
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  const kept = [...url.searchParams].filter(([key]) => !TRACKING.test(key))
  const query = kept.length ? `?${new URLSearchParams(kept).toString()}` : ''
  const host = url.hostname.toLowerCase().replace(/^www\./, '') + (url.port ? `:${url.port}` : '')
  const path = url.pathname.replace(/\/+$/, '') || '/'
  return `${host}${path}${query}`
}

// Talks to Scriptorium's connector on 127.0.0.1 (see the repository's README, "Save from any browser").
// Scriptorium takes port 23120, or the next free one of the nine after it.
export const PORTS = Array.from({ length: 10 }, (_, index) => 23120 + index)

/**
 * The first port where Scriptorium answers, the last one found first; null when none does. Whether it
 * is `scriptorium serve`, which serves the app to the browser, is kept beside it (for "Open existing").
 */
export async function findScriptorium() {
  const { port: known } = await chrome.storage.local.get('port')
  for (const port of known ? [known, ...PORTS.filter((other) => other !== known)] : PORTS) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/connector/ping`, { signal: AbortSignal.timeout(1500) })
      const answer = await response.json()
      if (answer?.ok && answer.value?.app === 'scriptorium') {
        await chrome.storage.local.set({ port, servesApp: answer.value.servesApp === true })
        return port
      }
    } catch {
      // Nothing there, or something else: try the next.
    }
  }
  return null
}

const NOT_RUNNING = 'Scriptorium is not running. Start the app, or run "scriptorium serve", and try again.'

async function post(path, body, token) {
  const port = await findScriptorium()
  if (!port) return { ok: false, error: { code: 'not_running', message: NOT_RUNNING } }
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
    return await response.json()
  } catch {
    return { ok: false, error: { code: 'not_running', message: NOT_RUNNING } }
  }
}

/** Asks to pair: the answer's code is shown to the user, who approves it in Scriptorium. */
export async function requestPairing() {
  const answer = await post('/connector/pair', { client: `${navigator.userAgent.includes('Firefox') ? 'Firefox' : 'Chromium'} extension` })
  if (answer.ok) await chrome.storage.local.set({ pairing: answer.value })
  return answer
}

/** Checks the waiting request; once approved, keeps the token it brings and forgets the request. */
export async function checkPairing() {
  const { pairing } = await chrome.storage.local.get('pairing')
  if (!pairing) return { ok: true, value: { status: 'none' } }
  const answer = await post('/connector/pair/status', { pairingId: pairing.pairingId })
  if (answer.ok && answer.value.status === 'approved') {
    await chrome.storage.local.set({ token: answer.value.token })
    await chrome.storage.local.remove('pairing')
    return { ok: true, value: { status: 'approved' } }
  }
  if (!answer.ok && answer.error.code === 'not_found') await chrome.storage.local.remove('pairing')
  return answer.ok ? { ok: true, value: { status: 'pending', code: pairing.code } } : answer
}

export async function pairedToken() {
  return (await chrome.storage.local.get('token')).token ?? null
}

/** The page as the user sees it (the DOM after its scripts ran), its address and the selected text. */
function capturePage() {
  // A tab showing a PDF holds the browser's viewer, not the document: the bytes are fetched instead.
  if (document.contentType === 'application/pdf') return { url: location.href, pdf: true }
  return { url: location.href, html: document.documentElement.outerHTML, selection: String(getSelection() ?? '') }
}

/**
 * The PDF at an address, as base64 for the JSON body, or a sentence when it cannot be had. Run inside
 * the tab (its own origin and cookies, so a PDF behind a login comes too), or by the extension where no
 * script may enter the tab (Firefox's PDF viewer), with the access the click on the button gave it.
 */
async function fetchPdf(url, maxBytes) {
  try {
    const response = await fetch(url, { credentials: 'include' })
    if (!response.ok) return { problem: `The PDF could not be fetched again (HTTP ${response.status}).` }
    const bytes = new Uint8Array(await response.arrayBuffer())
    if (String.fromCharCode(...bytes.subarray(0, 5)) !== '%PDF-') return { problem: 'This tab shows neither a page an extension can read nor a PDF. Open the article itself and try again.' }
    if (bytes.length > maxBytes) return { problem: `The PDF is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, more than Scriptorium takes.` }
    let binary = ''
    for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000))
    return { pdfBase64: btoa(binary) }
  } catch (error) {
    return { problem: `The PDF could not be fetched again: ${error.message}` }
  }
}

/** The largest PDF sent: Scriptorium's import limit (electron/core/importLimit.ts). */
export const MAX_PDF_BYTES = 16 * 1024 * 1024

/** A tab no script may enter may still show a PDF (Firefox's viewer): fetched by its address, or null. */
async function pdfByAddress(tabId) {
  const { url } = await chrome.tabs.get(tabId)
  if (!/^https?:\/\//.test(url ?? '')) return null
  const fetched = await fetchPdf(url, MAX_PDF_BYTES)
  return fetched.pdfBase64 ? { url, pdfBase64: fetched.pdfBase64 } : null
}

/** Saves a tab; the answer is the connector's envelope, with the highlight made of the selection. */
export async function saveTab(tabId, { allowDuplicate = false } = {}) {
  const token = await pairedToken()
  if (!token) return { ok: false, error: { code: 'not_paired', message: 'Pair this browser with Scriptorium first: open the Scriptorium button.' } }
  let page
  try {
    const [injected] = await chrome.scripting.executeScript({ target: { tabId }, func: capturePage })
    page = injected.result
  } catch {
    page = await pdfByAddress(tabId)
    if (!page) return { ok: false, error: { code: 'unreadable', message: 'This tab cannot be read by an extension (a browser page or the web store). Open the article itself and try again.' } }
  }
  if (page.pdf) {
    const [fetched] = await chrome.scripting.executeScript({ target: { tabId }, func: fetchPdf, args: [page.url, MAX_PDF_BYTES] })
    if (fetched.result.problem) return { ok: false, error: { code: 'unreadable', message: fetched.result.problem } }
    page = { url: page.url, pdfBase64: fetched.result.pdfBase64 }
  }
  const answer = await post('/connector/save', { ...page, ...(allowDuplicate ? { allowDuplicate: true } : {}) }, token)
  // A token Scriptorium no longer knows (revoked, or another machine's): pair again.
  if (!answer.ok && answer.error.code === 'unauthorized') await chrome.storage.local.remove('token')
  return answer
}

/**
 * Where the item already in the library opens: in the desktop app by its deep link, or, when saving
 * against `scriptorium serve`, in the served app at the item's reader.
 */
export function existingItemAddress(id, { port, servesApp }) {
  return servesApp ? `http://127.0.0.1:${port}/#/item/${encodeURIComponent(id)}` : `scriptorium://item/${encodeURIComponent(id)}`
}

/**
 * Opens the item a save found already there. The served app keeps its session token per tab, so a tab
 * of it that is open already is reused (its reader follows the address's fragment); else a new tab.
 */
export async function openExisting(id) {
  const { port, servesApp } = await chrome.storage.local.get(['port', 'servesApp'])
  const url = existingItemAddress(id, { port, servesApp })
  if (servesApp) {
    const origin = `http://127.0.0.1:${port}`
    // Match patterns take no port everywhere: every 127.0.0.1 tab, then this port's.
    const appTab = (await chrome.tabs.query({ url: 'http://127.0.0.1/*' })).find((tab) => tab.url?.startsWith(`${origin}/`))
    if (appTab?.id !== undefined) {
      await chrome.tabs.update(appTab.id, { url, active: true })
      if (appTab.windowId !== undefined) await chrome.windows.update(appTab.windowId, { focused: true })
      return url
    }
  }
  await chrome.tabs.create({ url })
  return url
}

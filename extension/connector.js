// Talks to Scriptorium's connector on 127.0.0.1 (see the repository's README, "Save from any browser").
// Scriptorium takes port 23120, or the next free one of the nine after it.
export const PORTS = Array.from({ length: 10 }, (_, index) => 23120 + index)

/** The first port where Scriptorium answers, the last one found first; null when none does. */
export async function findScriptorium() {
  const { port: known } = await chrome.storage.local.get('port')
  for (const port of known ? [known, ...PORTS.filter((other) => other !== known)] : PORTS) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/connector/ping`, { signal: AbortSignal.timeout(1500) })
      const answer = await response.json()
      if (answer?.ok && answer.value?.app === 'scriptorium') {
        if (port !== known) await chrome.storage.local.set({ port })
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
  return { url: location.href, html: document.documentElement.outerHTML, selection: String(getSelection() ?? '') }
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
    return { ok: false, error: { code: 'unreadable', message: 'This tab cannot be read by an extension (a browser page or the web store). Open the article itself and try again.' } }
  }
  const answer = await post('/connector/save', { ...page, ...(allowDuplicate ? { allowDuplicate: true } : {}) }, token)
  // A token Scriptorium no longer knows (revoked, or another machine's): pair again.
  if (!answer.ok && answer.error.code === 'unauthorized') await chrome.storage.local.remove('token')
  return answer
}

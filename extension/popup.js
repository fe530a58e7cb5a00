import { checkPairing, openExisting, pairedToken, requestPairing } from './connector.js'

const message = document.getElementById('message')
const code = document.getElementById('code')
const pairButton = document.getElementById('pair')
const keepBoth = document.getElementById('keep-both')
const openExistingButton = document.getElementById('open-existing')
/** The item a save found already in the library. */
let existingId = null

function say(text, kind = '') {
  message.textContent = text
  message.className = kind
}

/** The tab to save: the active one; ?tab=ID names another (the popup opened in a tab of its own). */
async function targetTab() {
  const named = Number(new URLSearchParams(location.search).get('tab'))
  if (named) return named
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true })
  return tab?.id
}

async function save(allowDuplicate = false) {
  keepBoth.hidden = true
  openExistingButton.hidden = true
  say('Saving…')
  const answer = await chrome.runtime.sendMessage({ type: 'save', tabId: await targetTab(), allowDuplicate })
  if (answer.ok) {
    const highlight = answer.highlight ? ' Your selection is highlighted.' : answer.highlightProblem ? ` ${answer.highlightProblem}` : ''
    say(`Saved “${answer.value.csl?.title ?? 'the page'}”.${highlight}`, 'saved')
  } else if (answer.error.code === 'duplicate') {
    say(answer.error.message)
    keepBoth.hidden = false
    existingId = answer.error.duplicateOf ?? null
    openExistingButton.hidden = !existingId
  } else {
    say(answer.error.message, 'problem')
    if (answer.error.code === 'unauthorized') await showPairing()
  }
}

async function showPairing() {
  const status = await checkPairing()
  if (!status.ok) return say(status.error.message, 'problem')
  if (status.value.status === 'approved') return save()
  if (status.value.status === 'pending') {
    code.textContent = status.value.code
    code.hidden = false
    pairButton.hidden = true
    say(`Approve this code in Scriptorium: in a terminal, run "scriptorium pair approve ${status.value.code}". This window waits for the approval.`)
    setTimeout(showPairing, 1000)
    return
  }
  code.hidden = true
  pairButton.hidden = false
  say('Pair this browser with Scriptorium once; then this button saves the page you are reading.')
}

pairButton.addEventListener('click', async () => {
  pairButton.hidden = true
  const answer = await requestPairing()
  if (!answer.ok) return say(answer.error.message, 'problem')
  await showPairing()
})
keepBoth.addEventListener('click', () => save(true))
openExistingButton.addEventListener('click', async () => {
  await openExisting(existingId)
  window.close()
})

if (await pairedToken()) await save()
else await showPairing()

import { saveTab } from './connector.js'

const MENU_ID = 'save-to-scriptorium'

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: MENU_ID, title: 'Save to Scriptorium', contexts: ['page', 'selection', 'link', 'image'] })
})

/** Shown on the toolbar button after a save from the menu: its badge, and the sentence as its title. */
async function showResult(tabId, answer) {
  const [text, color, title] = answer.ok
    ? ['✓', '#2e7d32', `Saved “${answer.value.csl?.title ?? 'the page'}” to Scriptorium${answer.highlight ? ', with your selection highlighted' : ''}.`]
    : answer.error.code === 'duplicate'
      ? ['=', '#8a6d00', `${answer.error.message} Open the Scriptorium button to open it or keep both.`]
      : ['!', '#b3261e', answer.error.message]
  await chrome.action.setBadgeBackgroundColor({ tabId, color })
  await chrome.action.setBadgeText({ tabId, text })
  await chrome.action.setTitle({ tabId, title })
}

chrome.contextMenus.onClicked.addListener(async (info, tab) => {
  if (info.menuItemId !== MENU_ID || tab?.id === undefined) return
  await showResult(tab.id, await saveTab(tab.id))
})

// The popup asks the worker to save, so the popup and the menu share one path.
chrome.runtime.onMessage.addListener((message, _sender, reply) => {
  if (message?.type !== 'save') return false
  saveTab(message.tabId, { allowDuplicate: message.allowDuplicate === true }).then(async (answer) => {
    await showResult(message.tabId, answer)
    reply(answer)
  })
  return true
})

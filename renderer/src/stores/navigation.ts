import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

export type Route = { view: 'library' } | { view: 'trash' } | { view: 'settings' } | { view: 'duplicates' } | { view: 'reader'; id: string; /** Opens on the Info tab, as after a save. */ panel?: 'info' }

function parse(hash: string): Route {
  const reader = /^#\/item\/([\w-]+)(\/info)?/.exec(hash)
  if (reader) return reader[2] ? { view: 'reader', id: reader[1], panel: 'info' } : { view: 'reader', id: reader[1] }
  if (hash.startsWith('#/trash')) return { view: 'trash' }
  if (hash.startsWith('#/settings')) return { view: 'settings' }
  if (hash.startsWith('#/duplicates')) return { view: 'duplicates' }
  return { view: 'library' }
}

/** Where the user is, kept in the address's fragment so a reload reopens the same article. */
export const useNavigationStore = defineStore('navigation', () => {
  const hash = ref(location.hash)
  /** The item last opened from the library, to return the keyboard to its row. */
  const lastOpened = ref<string | null>(null)
  window.addEventListener('hashchange', () => (hash.value = location.hash))
  const route = computed(() => parse(hash.value))

  function go(target: Route) {
    location.hash = target.view === 'reader' ? `#/item/${target.id}${target.panel ? `/${target.panel}` : ''}` : `#/${target.view === 'library' ? '' : target.view}`
  }

  return { route, go, lastOpened }
})

import type { MessageArea } from '../messageArea'

/** The Settings view: language, saving from the browser, logs and sync. */
export default {
  en: {
    settings: {
      title: 'Settings',
      bookmarklet: {
        heading: 'Save from your browser',
        drag: 'Drag this button to your browser’s bookmarks bar. On any article, click it: the page as you see it, logged in or behind a cookie wall, is saved to this library, and a new tab says what was saved.',
        button: 'Save to Scriptorium',
        copied: 'Copied',
        copyCode: 'Copy the code',
        token: 'The bookmarklet carries this session’s access token. When you start {serve} again, come back here for a new one. A few sites forbid pages from posting elsewhere; save those by pasting their address in the library instead.',
        noServe: 'The bookmarklet talks to {serve}. Start it, open the address it prints, and come back here to take the bookmarklet; until then, paste an article’s address in the library to save it.',
        extension: 'The Scriptorium browser extension saves pages too, with your selection as a highlight, and keeps working across sessions: it shows a code once, which you approve in the notice this app shows, or with {command}.',
      },
      logs: {
        heading: 'Logs',
        about: 'Scriptorium notes errors, waits for another Scriptorium process, repairs, library conversions and operations that took over a second. The log holds ids, counts and times: never the text of an article, a quote, a note or an access token.',
        open: 'Open log folder',
        copied: 'Copied',
        copyPath: 'Copy the path',
      },
      sync: {
        heading: 'Sync',
        inTool: 'This library is in a {tool} folder.',
        notSynced: 'This library does not look synced.',
        device: 'This machine is {device}.',
        lastChange: 'Last change from elsewhere: {when}.',
        noneSinceStart: 'none since the app started',
        counts: 'Conflict copies merged: {merged}. Versions kept for you: {kept}.',
        by: '— by {from}, {when}',
        keep: 'Keep this version',
        dismiss: 'Dismiss',
        about: 'Keep the library folder in Syncthing, Dropbox or Nextcloud to use it on several machines: changes merge field by field, and what two machines changed differently is kept here.',
        readme: 'How to set up Syncthing',
      },
    },
  },
  nl: {
    settings: {
      title: 'Instellingen',
      bookmarklet: {
        heading: 'Bewaren vanuit je browser',
        drag: 'Sleep deze knop naar de bladwijzerbalk van je browser. Klik erop bij een artikel: de pagina zoals je die ziet, ingelogd of achter een cookiemuur, wordt in deze bibliotheek bewaard, en een nieuw tabblad meldt wat er is bewaard.',
        button: 'Bewaren in Scriptorium',
        copied: 'Gekopieerd',
        copyCode: 'De code kopiëren',
        token: 'De bookmarklet bevat het toegangstoken van deze sessie. Start je {serve} opnieuw, haal hier dan een nieuwe. Een paar sites verbieden pagina’s om elders iets te posten; bewaar die door hun adres in de bibliotheek te plakken.',
        noServe: 'De bookmarklet werkt met {serve}. Start dat, open het adres dat het toont en kom hier terug voor de bookmarklet; plak tot die tijd het adres van een artikel in de bibliotheek om het te bewaren.',
        extension: 'De browserextensie van Scriptorium bewaart ook pagina’s, met je selectie als markering, en blijft werken over sessies heen: ze toont één keer een code, die je goedkeurt in de melding van deze app of met {command}.',
      },
      logs: {
        heading: 'Logboek',
        about: 'Scriptorium noteert fouten, wachttijden op een ander Scriptorium-proces, reparaties, omzettingen van de bibliotheek en bewerkingen die langer dan een seconde duurden. Het logboek bevat id’s, aantallen en tijden: nooit de tekst van een artikel, een citaat, een notitie of een toegangstoken.',
        open: 'Logboekmap openen',
        copied: 'Gekopieerd',
        copyPath: 'Het pad kopiëren',
      },
      sync: {
        heading: 'Synchronisatie',
        inTool: 'Deze bibliotheek staat in een {tool}-map.',
        notSynced: 'Deze bibliotheek lijkt niet gesynchroniseerd.',
        device: 'Deze computer heet {device}.',
        lastChange: 'Laatste wijziging van elders: {when}.',
        noneSinceStart: 'geen sinds de app is gestart',
        counts: 'Samengevoegde conflictkopieën: {merged}. Voor je bewaarde versies: {kept}.',
        by: '— door {from}, {when}',
        keep: 'Deze versie houden',
        dismiss: 'Negeren',
        about: 'Zet de bibliotheekmap in Syncthing, Dropbox of Nextcloud om haar op meerdere computers te gebruiken: wijzigingen worden per veld samengevoegd, en wat twee computers verschillend wijzigden, wordt hier bewaard.',
        readme: 'Zo stel je Syncthing in (README, Engels)',
      },
    },
  },
} satisfies MessageArea

import type { MessageArea } from '../messageArea'

/** Strings of the app's frame: language, notices, dialogs, pairing, the library's health. Each area of the UI keeps its strings in a module of its own, English beside Dutch. */
export default {
  en: {
    app: {
      language: 'Language',
      languageSystem: 'As the system ({language})',
      languageHint: 'The language of the app’s menus, buttons and messages. The command line stays English.',
      languageNames: { en: 'English', nl: 'Nederlands' },
      dismiss: 'Dismiss',
      close: 'Close',
      pairing: {
        asks: '{client} asks to save pages to Scriptorium. Approve only if it shows the code {code}.',
        approve: 'Approve',
        ignore: 'Ignore',
        approved: '{client} can now save pages to this library.',
      },
      health: {
        damaged: 'A record of this library cannot be read. The backup of {when} holds every record readable: restoring it puts back the records as they were then (items added since stay), and keeps the current ones in a backup of their own. | {count} records of this library cannot be read. The backup of {when} holds every record readable: restoring it puts back the records as they were then (items added since stay), and keeps the current ones in a backup of their own.',
        restoreBackup: 'Restore backup',
        tidy: 'Scriptorium found one thing to tidy in this library, such as: {first} Repair fixes what is safe and moves nothing of yours out of reach. | Scriptorium found {count} things to tidy in this library, such as: {first} Repair fixes what is safe and moves nothing of yours out of reach.',
        repair: 'Repair',
        repaired: 'Repaired the problem. | Repaired all {count} problems.',
        left: 'One problem is left: {first} | {count} problems are left: {first}',
        restored: 'Restored the backup of {when} ({count} record put back). The records as they were before are kept as the backup {safety}. | Restored the backup of {when} ({count} records put back). The records as they were before are kept as the backup {safety}.',
      },
    },
  },
  nl: {
    app: {
      language: 'Taal',
      languageSystem: 'Zoals het systeem ({language})',
      languageHint: 'De taal van de menu’s, knoppen en meldingen van de app. De opdrachtregel blijft Engels.',
      languageNames: { en: 'English', nl: 'Nederlands' },
      dismiss: 'Melding sluiten',
      close: 'Sluiten',
      pairing: {
        asks: '{client} vraagt om pagina’s in Scriptorium te mogen bewaren. Keur dit alleen goed als het de code {code} toont.',
        approve: 'Goedkeuren',
        ignore: 'Negeren',
        approved: '{client} kan nu pagina’s in deze bibliotheek bewaren.',
      },
      health: {
        damaged: 'Een record van deze bibliotheek is onleesbaar. De back-up van {when} bevat elk record leesbaar: terugzetten brengt de records terug zoals ze toen waren (items die sindsdien zijn toegevoegd, blijven), en bewaart de huidige in een eigen back-up. | {count} records van deze bibliotheek zijn onleesbaar. De back-up van {when} bevat elk record leesbaar: terugzetten brengt de records terug zoals ze toen waren (items die sindsdien zijn toegevoegd, blijven), en bewaart de huidige in een eigen back-up.',
        restoreBackup: 'Back-up terugzetten',
        tidy: 'Scriptorium vond één ding om op te ruimen in deze bibliotheek, bijvoorbeeld: {first} Herstellen lost op wat veilig kan en haalt niets van jou buiten bereik. | Scriptorium vond {count} dingen om op te ruimen in deze bibliotheek, bijvoorbeeld: {first} Herstellen lost op wat veilig kan en haalt niets van jou buiten bereik.',
        repair: 'Herstellen',
        repaired: 'Het probleem is hersteld. | Alle {count} problemen zijn hersteld.',
        left: 'Er is nog één probleem: {first} | Er zijn nog {count} problemen: {first}',
        restored: 'De back-up van {when} is teruggezet ({count} record teruggebracht). De records zoals ze eerst waren, staan in de back-up {safety}. | De back-up van {when} is teruggezet ({count} records teruggebracht). De records zoals ze eerst waren, staan in de back-up {safety}.',
      },
    },
  },
} satisfies MessageArea

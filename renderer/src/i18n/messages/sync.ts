import type { MessageArea } from '../messageArea'

/** Strings of the Sync panel and of who made a highlight or note in a shared library. */
export default {
  en: {
    sync: {
      deviceNameLabel: 'Name shown on your highlights and notes',
      deviceNamePlaceholder: 'e.g. Anna’s laptop',
      deviceNameHint: 'Everyone who shares this library sees it beside what this machine made. Leave it empty to show the machine’s own name, {device}.',
      deviceNameSave: 'Save name',
      deviceNameSaved: 'This machine is now shown as “{name}”.',
      deviceNameCleared: 'This machine is now shown by its own name, {device}.',
      madeBy: 'by {name}',
      madeByTitle: 'Made on the machine {device}',
    },
  },
  nl: {
    sync: {
      deviceNameLabel: 'Naam bij je markeringen en notities',
      deviceNamePlaceholder: 'bijv. laptop van Anna',
      deviceNameHint: 'Iedereen die deze bibliotheek deelt, ziet hem bij wat deze computer maakte. Laat hem leeg om de eigen naam van de computer te tonen, {device}.',
      deviceNameSave: 'Naam opslaan',
      deviceNameSaved: 'Deze computer heet nu “{name}”.',
      deviceNameCleared: 'Deze computer wordt nu getoond met zijn eigen naam, {device}.',
      madeBy: 'door {name}',
      madeByTitle: 'Gemaakt op de computer {device}',
    },
  },
} satisfies MessageArea

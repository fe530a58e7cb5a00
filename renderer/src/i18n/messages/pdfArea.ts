import type { MessageArea } from '../messageArea'

/** Strings of an area highlight made with the keyboard: the rectangle, what a screen reader hears of it, its keys on the shortcut sheet. */
export default {
  en: {
    pdfArea: {
      roleDescription: 'area to highlight',
      label: 'Area to highlight on p. {page}',
      keys: 'Arrow keys move it, with Shift they resize it, with Ctrl they go by one point; J and K take it to the next or previous page. Enter highlights it, Escape cancels.',
      position: 'p. {page}: {left}% from the left, {top}% from the top, {width}% wide, {height}% high',
      saving: 'Highlighting the area on p. {page}…',
      saved: 'Highlighted the area on p. {page}.',
      cancelled: 'No area highlighted.',
      shortcuts: {
        start: 'Highlight an area: move a rectangle with the keys below, or drag one',
        move: 'Area mode: move the rectangle',
        resize: 'Area mode: resize the rectangle',
        fine: 'Area mode: move or resize it by one point',
        page: 'Area mode: take it to the next or previous page',
        save: 'Area mode: highlight the rectangle',
        cancel: 'Area mode: cancel',
      },
    },
  },
  nl: {
    pdfArea: {
      roleDescription: 'te markeren gebied',
      label: 'Te markeren gebied op p. {page}',
      keys: 'De pijltjestoetsen verplaatsen het, met Shift erbij veranderen ze de grootte, met Ctrl erbij gaan ze per punt; J en K brengen het naar de volgende of vorige pagina. Enter markeert het, Escape annuleert.',
      position: 'p. {page}: {left}% van links, {top}% van boven, {width}% breed, {height}% hoog',
      saving: 'Het gebied op p. {page} wordt gemarkeerd…',
      saved: 'Het gebied op p. {page} is gemarkeerd.',
      cancelled: 'Geen gebied gemarkeerd.',
      shortcuts: {
        start: 'Een gebied markeren: verplaats een rechthoek met de toetsen hieronder, of sleep er een',
        move: 'Gebiedsmodus: de rechthoek verplaatsen',
        resize: 'Gebiedsmodus: de grootte van de rechthoek veranderen',
        fine: 'Gebiedsmodus: verplaatsen of vergroten per punt',
        page: 'Gebiedsmodus: naar de volgende of vorige pagina',
        save: 'Gebiedsmodus: de rechthoek markeren',
        cancel: 'Gebiedsmodus: annuleren',
      },
    },
  },
} satisfies MessageArea

/**
 * What biber's data model allows in each entry type, so that an export puts every field where biber
 * reads it, and names the fields an entry type has no place for. Facts from biber 2.18's
 * biber-tool.conf, the model `biber --tool --validate-datamodel` checks.
 */
// Generated from biber 2.18's biber-tool.conf (the data model `biber --tool --validate-datamodel` checks):
// the fields every entry may have, and those each entry type adds.
const EVERY_TYPE = 'abstract annotation authortype bookpagination crossref day doi eprint eprintclass eprinttype endday endhour endminute endmonth endsecond endtimezone endyear endyeardivision entryset entrysubtype execute file gender hour ids indextitle indexsorttitle isan ismn iswc keywords label langid langidopts library lista listb listc listd liste listf minute month namea nameb namec nameatype namebtype namectype nameaddon options origday origendday origendhour origendminute origendmonth origendsecond origendtimezone origendyear origendyeardivision orighour origminute origmonth origsecond origtimezone origyear origyeardivision origlocation origpublisher origtitle pagination presort related relatedoptions relatedstring relatedtype second shortauthor shorteditor shorthand shorthandintro shortjournal shortseries shorttitle sortkey sortname sortshorthand sorttitle sortyear timezone url urlday urlendday urlendhour urlendminute urlendmonth urlendsecond urlendtimezone urlendyear urlhour urlminute urlmonth urlsecond urltimezone urlyear usera userb userc userd usere userf verba verbb verbc xdata xref year yeardivision'
const BY_TYPE: [string, string][] = [
  ['set', 'entryset'],
  ['article', 'addendum annotator author commentator editor editora editorb editorc editortype editoratype editorbtype editorctype eid issn issue issuetitle issuesubtitle issuetitleaddon journalsubtitle journaltitle journaltitleaddon language note number origlanguage pages pubstate series subtitle title titleaddon translator version volume'],
  ['bibnote', 'note'],
  ['book', 'author addendum afterword annotator chapter commentator edition editor editora editorb editorc editortype editoratype editorbtype editorctype eid foreword introduction isbn language location maintitle maintitleaddon mainsubtitle note number origlanguage pages pagetotal part publisher pubstate series subtitle title titleaddon translator volume volumes'],
  ['mvbook', 'addendum afterword annotator author commentator edition editor editora editorb editorc editortype editoratype editorbtype editorctype foreword introduction isbn language location note number origlanguage pagetotal publisher pubstate series subtitle title titleaddon translator volume volumes'],
  ['inbook bookinbook suppbook', 'addendum afterword annotator author booktitle bookauthor booksubtitle booktitleaddon chapter commentator edition editor editora editorb editorc editortype editoratype editorbtype editorctype eid foreword introduction isbn language location mainsubtitle maintitle maintitleaddon note number origlanguage part publisher pages pubstate series subtitle title titleaddon translator volume volumes'],
  ['booklet', 'addendum author chapter editor editortype eid howpublished language location note pages pagetotal pubstate subtitle title titleaddon type'],
  ['collection reference', 'addendum afterword annotator chapter commentator edition editor editora editorb editorc editortype editoratype editorbtype editorctype eid foreword introduction isbn language location mainsubtitle maintitle maintitleaddon note number origlanguage pages pagetotal part publisher pubstate series subtitle title titleaddon translator volume volumes'],
  ['mvcollection mvreference', 'addendum afterword annotator author commentator edition editor editora editorb editorc editortype editoratype editorbtype editorctype foreword introduction isbn language location note number origlanguage publisher pubstate subtitle title titleaddon translator volume volumes'],
  ['incollection suppcollection inreference', 'addendum afterword annotator author booksubtitle booktitle booktitleaddon chapter commentator edition editor editora editorb editorc editortype editoratype editorbtype editorctype eid foreword introduction isbn language location mainsubtitle maintitle maintitleaddon note number origlanguage pages part publisher pubstate series subtitle title titleaddon translator volume volumes'],
  ['dataset', 'addendum author edition editor editortype language location note number organization publisher pubstate series subtitle title titleaddon type version'],
  ['manual', 'addendum author chapter edition editor editortype eid isbn language location note number organization pages pagetotal publisher pubstate series subtitle title titleaddon type version'],
  ['misc software', 'addendum author editor editortype howpublished language location note organization pubstate subtitle title titleaddon type version'],
  ['online', 'addendum author editor editortype language note organization pubstate subtitle title titleaddon version'],
  ['patent', 'addendum author holder location note number pubstate subtitle title titleaddon type version'],
  ['periodical', 'addendum editor editora editorb editorc editortype editoratype editorbtype editorctype issn issue issuesubtitle issuetitle issuetitleaddon language note number pubstate series subtitle title titleaddon volume yeardivision'],
  ['mvproceedings', 'addendum editor editortype eventday eventendday eventendhour eventendminute eventendmonth eventendsecond eventendtimezone eventendyear eventendyeardivision eventhour eventminute eventmonth eventsecond eventtimezone eventyear eventyeardivision eventtitle eventtitleaddon isbn language location note number organization pagetotal publisher pubstate series subtitle title titleaddon venue volumes'],
  ['proceedings', 'addendum chapter editor editortype eid eventday eventendday eventendhour eventendminute eventendmonth eventendsecond eventendtimezone eventendyear eventendyeardivision eventhour eventminute eventmonth eventsecond eventtimezone eventyear eventyeardivision eventtitle eventtitleaddon isbn language location mainsubtitle maintitle maintitleaddon note number organization pages pagetotal part publisher pubstate series subtitle title titleaddon venue volume volumes'],
  ['inproceedings', 'addendum author booksubtitle booktitle booktitleaddon chapter editor editortype eid eventday eventendday eventendhour eventendminute eventendmonth eventendsecond eventendtimezone eventendyear eventendyeardivision eventhour eventminute eventmonth eventsecond eventtimezone eventyear eventyeardivision eventtitle eventtitleaddon isbn language location mainsubtitle maintitle maintitleaddon note number organization pages part publisher pubstate series subtitle title titleaddon venue volume volumes'],
  ['report', 'addendum author chapter eid institution isrn language location note number pages pagetotal pubstate subtitle title titleaddon type version'],
  ['thesis', 'addendum author chapter eid institution language location note pages pagetotal pubstate subtitle title titleaddon type'],
  ['unpublished', 'addendum author eventday eventendday eventendhour eventendminute eventendmonth eventendsecond eventendtimezone eventendyear eventendyeardivision eventhour eventminute eventmonth eventsecond eventtimezone eventyear eventyeardivision eventtitle eventtitleaddon howpublished language location note pubstate subtitle title titleaddon type venue'],
]
// Names biber reads as another (its driver's source map): BibTeX's fields and types.
const FIELD_ALIASES: Record<string, string> = {
  journal: 'journaltitle', address: 'location', school: 'institution', annote: 'annotation', key: 'sortkey',
  archiveprefix: 'eprinttype', primaryclass: 'eprintclass', hyphenation: 'langid', pdf: 'file',
}
const TYPE_ALIASES: Record<string, string> = {
  phdthesis: 'thesis', mastersthesis: 'thesis', techreport: 'report', conference: 'inproceedings', electronic: 'online', www: 'online',
}
// Dates are parsed into their parts before the model is checked.
const DATES = new Set(['date', 'urldate', 'eventdate', 'origdate'])

const ALLOWED = new Map<string, Set<string>>()
for (const [types, fields] of BY_TYPE) {
  for (const type of types.split(' ')) ALLOWED.set(type, new Set([...(ALLOWED.get(type) ?? []), ...fields.split(' '), ...EVERY_TYPE.split(' ')]))
}

/** The name biber gives a field of a .bib file. */
export function biberFieldName(field: string): string {
  return FIELD_ALIASES[field] ?? field
}

/** Whether biber's model lets an entry of this type (as written, BibTeX's names too) hold the field; true for a type it does not know. */
export function biberAllows(type: string, field: string): boolean {
  const allowed = ALLOWED.get(TYPE_ALIASES[type] ?? type)
  return !allowed || DATES.has(field) || allowed.has(biberFieldName(field))
}

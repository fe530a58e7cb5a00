/*
 * The words a phrase gram is made of: the snowball stop word lists of English and Dutch
 * (snowballstem/snowball-website, algorithms/english/stop.txt and algorithms/dutch/stop.txt at
 * a5c23fc, 3-clause BSD licence, © 2001 Dr Martin Porter, © 2002 Richard Boulton), as folded words.
 * They are the most frequent words of both languages, whose position lists make a phrase of two of
 * them slow. Changing this list changes what is indexed: raise SEARCH_SCHEMA_VERSION with it.
 */
const ENGLISH = `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
it its itself they them their theirs themselves what which who whom this that these those am is are was were be been being
have has had having do does did doing would should could ought i'm you're he's she's it's we're they're i've you've we've
they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't haven't
hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't mustn't let's that's who's what's here's
there's when's where's why's how's a an the and but if or because as until while of at by for with about against between into
through during before after above below to from up down in out on off over under again further then once here there when
where why how all any both each few more most other some such no nor not only own same so than too very`

const DUTCH = `de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou of wat mijn men dit
zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat
iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt
wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere`

export const COMMON_WORDS: ReadonlySet<string> = new Set(`${ENGLISH} ${DUTCH}`.split(/\s+/))

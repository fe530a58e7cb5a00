import { exportReferences } from '../../electron/core/citations/exportReferences'
import { it } from 'vitest'
it('probe', async () => {
const item = { id:'A', citekey:'vries2018noord', tags:['korea'], csl: { id: 'A', type: 'article-newspaper', title: 'Noord- en Zuid-Korea “hebben” ä ø & 50% $5 a_b {brace}', issued: { 'date-parts': [[2018, 9, 14]] }, language: 'nl', URL: 'https://nos.nl/x?a=1&b=2', author:[{family:'Vries', given:'Jan', 'non-dropping-particle':'de'}], 'container-title':'NOS' } }
const j = { id:'B', citekey:'smith2020', tags:[], csl: { id:'B', type:'article-journal', title:'On things', author:[{family:'Smith',given:'A.'}], issued:{'date-parts':[[2020]]}, 'container-title':'Journal of X', volume:'3', issue:'2', page:'10-20', DOI:'10.1234/abc' } }
const w = { id:'C', citekey:'noord2018zuidkorea', tags:[], csl: { id:'C', type:'article', title:'Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens', issued:{'date-parts':[[2018,9]]}, language:'nl' } }
for (const f of ['bibtex','biblatex','ris','bibliography']) console.log((await exportReferences([item,j,w] as any, f as any, 'apa', 'en-US')).content)
})

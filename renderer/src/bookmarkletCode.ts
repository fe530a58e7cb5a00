/**
 * The bookmarklet that saves the page being read: it posts the page's address and HTML as a form to
 * this session's /connector/save in a new tab. A form, not fetch: a navigation needs no CORS
 * permission from the bridge, and the tab shows the bridge's answer.
 */
export function bookmarkletCode(origin: string, token: string): string {
  const source = `(()=>{const f=document.createElement('form');f.method='POST';f.action=${JSON.stringify(`${origin}/connector/save`)};f.target='_blank';f.acceptCharset='utf-8';f.style.display='none';for(const[n,v]of[['token',${JSON.stringify(token)}],['url',location.href],['html',document.documentElement.outerHTML]]){const t=document.createElement('textarea');t.name=n;t.value=v;f.appendChild(t)}document.body.appendChild(f);f.submit();f.remove()})()`
  return `javascript:${encodeURIComponent(source)}`
}

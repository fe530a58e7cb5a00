/** Quoted text stays text: no list, heading, emphasis or link made of its characters. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, '\\$&').replace(/^(\d+)\. /, '$1\\. ').replace(/^([-+]) /, '\\$1 ')
}

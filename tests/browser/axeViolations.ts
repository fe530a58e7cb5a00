import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** The serious and critical violations of WCAG 2.1 A and AA on the page as it is now, one line per rule with the nodes it found. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // label-content-name-mismatch (WCAG 2.5.3) is experimental in axe and off unless asked for: a spoken
  // name must contain the visible text, or speech control cannot press the button by what it shows.
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze()
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}, ${violation.nodes.length} nodes): ${violation.help}\n${violation.nodes.slice(0, 6).map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`).join('\n')}`)
}

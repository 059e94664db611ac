/** What the browser tests of record forms share: inputs by label, choosing options, screenshots. */
import type { Page } from 'playwright-core';
import { artifactPath } from './helpers.js';

/** An input of the record form by its label; a required field's label ends in an asterisk. */
export function field(page: Page, text: string) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByTestId('record-form').getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

/** Picks `option` in the select or link picker labelled `inputLabel`. */
export async function choose(page: Page, inputLabel: string, option: string): Promise<void> {
  await field(page, inputLabel).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * A screenshot in artifacts/ after transitions settle (modals and notifications fade in); `fullPage` grows the
 * viewport to the page's height first, so a long record form shows whole.
 */
export async function snap(page: Page, file: string, { fullPage = true } = {}): Promise<void> {
  await page.waitForTimeout(400);
  if (!fullPage) return void (await page.screenshot({ path: artifactPath(file) }));
  // A string, not a function: the e2e code is type-checked without the DOM's types.
  const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
  await page.setViewportSize({ width: 1280, height: Math.max(900, height) });
  await page.screenshot({ path: artifactPath(file) });
  await page.setViewportSize({ width: 1280, height: 900 });
}

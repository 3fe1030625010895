// A UI scenario's way to profile from a lens, as a user does: click it, accept the prefilled arguments.
import assert from 'node:assert/strict';

/** Clicks `lens`, accepts whatever the quick input proposes until the results panel is there, returns its first
 *  by-value row as one line of text. */
export async function profileFromLens({ page, webview }, lens) {
  await lens.click();
  const quickInput = page.locator('.quick-input-widget').filter({ visible: true });
  const panelReady = page.locator('iframe.webview.ready').filter({ visible: true });
  for (let accepted = 0; ; accepted += 1) {
    await quickInput.or(panelReady).first().waitFor({ timeout: 60_000 });
    if (!(await quickInput.isVisible())) break;
    assert.ok(accepted < 5, 'the quick input keeps coming back');
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  }
  return firstByValueRow({ webview }, 120_000);
}

/** The results panel's first by-value row as one line of text, once it is there. */
export async function firstByValueRow({ webview }, timeout) {
  const row = webview().locator('tr', { hasText: 'by-value' }).first();
  await row.waitFor({ timeout });
  return (await row.innerText()).replace(/\s+/g, ' ').trim();
}

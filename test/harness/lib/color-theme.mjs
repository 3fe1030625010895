// A UI scenario's way to change the workbench's colour theme, as a user does: from the command palette.

/** Picks `themeName` with `Preferences: Color Theme`, then waits a moment for the webviews to follow. */
export async function switchTheme({ page }, themeName) {
  const input = page.locator('.quick-input-widget input[type="text"]').filter({ visible: true });
  const rows = page.locator('.quick-input-list .monaco-list-row').filter({ visible: true });
  await page.keyboard.press('F1');
  await input.waitFor();
  await input.fill('>Preferences: Color Theme');
  await rows.filter({ hasText: 'Preferences: Color Theme' }).first().click();
  // The theme picker lists the installed themes once it replaced the command palette.
  await rows.filter({ hasText: 'Light High Contrast' }).first().waitFor();
  await input.fill(themeName);
  await rows.filter({ hasText: themeName }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.waitForTimeout(1000);
}

/**
 * The dialogs built on the shared form footer and error alert (web/src/components): the account form says what is
 * missing and cancels, a lock is confirmed in a dialog whose "Hủy" holds the focus, and the password-change dialog
 * refuses a confirmation that does not match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

describe.skipIf(!canRunBrowserTests)('account dialogs', () => {
  let demo: DemoBrowser;

  beforeAll(async () => {
    demo = await startDemoBrowser('accounts');
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('says what the account form misses, locks an account after a confirmation, and checks a password change', async () => {
    const page = await demo.signIn('quantri');
    await page.getByRole('link', { name: 'Tài khoản' }).click();
    await page.getByRole('heading', { name: 'Tài khoản' }).first().waitFor();

    // create: the footer's "Tạo tài khoản" submits the form; the server's refusal would show as an alert
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const form = page.getByRole('form', { name: 'Tạo tài khoản' });
    await form.getByLabel('Tên đăng nhập').fill('e2e.footer');
    await form.getByLabel('Họ tên').fill('Người Thử Chân Hộp');
    await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toContain('Hãy chọn vai trò.');
    // "Hủy" closes the dialog without saving
    await form.getByRole('button', { name: 'Hủy' }).click();
    await form.waitFor({ state: 'detached' });

    // lock: a confirmation dialog without a form, "Hủy" focused first, the red action runs it
    await page.locator('button[aria-label^="Khóa tài khoản "]:not([disabled])').first().click();
    const confirm = page.getByRole('dialog', { name: 'Khóa tài khoản' });
    await confirm.waitFor();
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Hủy');
    await confirm.getByRole('button', { name: 'Khóa tài khoản' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã khóa tài khoản' }).waitFor();
    await confirm.waitFor({ state: 'detached' });

    // the password change: a confirmation that does not match is refused before anything is sent
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    const change = page.getByRole('form', { name: 'Đổi mật khẩu' });
    await change.getByLabel('Mật khẩu hiện tại').fill('whatever-1');
    await change.getByLabel(/^Mật khẩu mới/u).fill('new-password-12');
    await change.getByLabel('Nhập lại mật khẩu mới').fill('new-password-13');
    await change.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect(change.getByRole('alert').textContent()).resolves.toBe('Mật khẩu nhập lại không khớp với mật khẩu mới.');
    await page.screenshot({ path: 'test-results/accounts-password-change.png' });
    await change.getByRole('button', { name: 'Hủy' }).click();
    await change.waitFor({ state: 'detached' });
    await page.close();
  }, 120_000);
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, DESKTOP, launch, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * The office's tasks that had no screen: entering service hours by hand (people found by name or
 * phone, never typed as ids), adjusting points, reversing an approved record; and the register form
 * that registers into the organisation on screen.
 */
describe('office tasks', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const ACTIVITY = '南庄村 入户走访孤寡老人';

  const open = async (section: string) => {
    await page.locator(`nav.section-nav a[href="#${section}"]`).click();
    await page.locator(`#section .office-section`).first().waitFor();
  };
  /** Finds a volunteer in a picker and presses the pick button on the line that shows `line`. */
  const pick = async (picker: string, text: string, line: string) => {
    await page.locator(`#${picker}-q`).fill(text);
    await page.locator(`#${picker}-form button[type="submit"]`).click();
    const found = page.locator(`#${picker}-results li`, { hasText: line });
    await found.waitFor();
    await found.locator('button').click();
  };
  const admin = () => stack.user('demo-admin');

  beforeAll(async () => {
    stack = await startStack();
    browser = await launch({ viewport: DESKTOP });
    page = await browser.context.newPage();
    await signIn(page, stack.baseUrl, 'demo-admin', '/office.html');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('registers a volunteer into the organisation chosen on screen', async () => {
    // Prepare: the section opens on one village; the office then picks 南庄村
    await open('volunteers');
    await page.locator('#register-form').waitFor();
    await page.locator('#org-picker').selectOption('nanzhuang');

    // Act
    await page.locator('#register-form input[name="name"]').fill('柳春燕');
    await page.locator('#register-form input[name="phone"]').fill('138 0931 7777');
    await page.locator('#register-form button[type="submit"]').click();

    // Assess: the form said where, and the person is there
    expect(await page.locator('#register-org').textContent()).toContain('南庄村');
    await page.locator('#volunteer-list td', { hasText: '柳春燕' }).waitFor();
    const found = await stack.api<{ volunteers: { orgId: string }[] }>(admin(), 'GET', '/volunteers?q=7777');
    expect(found.body.volunteers.map((one) => one.orgId)).toEqual(['nanzhuang']);
  });

  it("keeps a volunteer's name off the honour roll when they ask at the office, and puts it back", async () => {
    // Prepare: 柳春燕, registered above, in 南庄村's list
    await page.locator('#org-picker').selectOption('nanzhuang');
    const row = page.locator('#volunteer-list tr', { hasText: '柳春燕' });
    await row.waitFor();
    const volunteerId = await row.getAttribute('data-volunteer');
    const optedOut = async () =>
      (await stack.api<{ optOut: boolean }>(admin(), 'GET', `/volunteers/${volunteerId}/honour-roll`)).body
        .optOut;

    // Act: her personal details opened, the box read, then checked
    await row.locator('details.personal-controls summary').click();
    const box = row.locator('.honour-roll-choice input[type="checkbox"]');
    await expect.poll(() => box.isDisabled()).toBe(false);
    expect(await box.isChecked()).toBe(false);
    await box.check();

    // Assess
    const status = row.locator('.honour-roll-choice [aria-live]');
    await expect.poll(() => status.textContent()).toBe('已保存');
    expect(await optedOut()).toBe(true);

    // Act: and back
    await box.uncheck();
    await expect.poll(() => box.isDisabled()).toBe(false);
    expect(await optedOut()).toBe(false);
  });

  it('registers with an ID number shown masked; the whole number only by 查看 with a reason; 注销 removes the person', async () => {
    // Act: 更多信息 filled in (a 居民身份证 number: 皋兰县, born 1968-09-01, a woman)
    await page.locator('#org-picker').selectOption('nanzhuang');
    await page.locator('#register-form input[name="name"]').fill('苏玉琴');
    await page.locator('#register-form input[name="phone"]').fill('138 0931 6666');
    await page.locator('#register-more summary').click();
    await page.locator('#register-form input[name="idNumber"]').fill('62012219680901018X');
    await page.locator('#register-form input[name="skills"]').fill('理发、缝补');
    await page.locator('#register-form button[type="submit"]').click();

    // Assess: the row shows the number masked, the gender taken from it, the skills as a list
    const row = page.locator('#volunteer-list tr', { hasText: '苏玉琴' });
    await row.waitFor();
    await row.locator('details.personal-controls summary').click();
    const number = row.locator('[data-field="idNumber"]');
    expect(await number.textContent()).toBe('居民身份证 6****************X');
    expect(await row.locator('details.personal-controls dl').textContent()).toContain('女');
    expect(await row.locator('details.personal-controls dl').textContent()).toContain('理发、缝补');
    await screenshot(page, 'office-volunteer-personal-desktop');

    // Act: 查看 with a reason
    const reveal = row.locator('form[data-action="reveal"]');
    await reveal.locator('input[name="reason"]').fill('办理志愿者保险');
    await reveal.locator('button[type="submit"]').click();
    await expect.poll(() => number.textContent()).toBe('62012219680901018X');

    // Act: 注销, confirmed
    page.once('dialog', (dialog) => void dialog.accept());
    const erase = row.locator('form[data-action="erase"]');
    await erase.locator('input[name="reason"]').fill('本人申请注销');
    await erase.locator('button[type="submit"]').click();

    // Assess: gone from the list; the API keeps a tombstone without the person
    await expect.poll(() => page.locator('#volunteer-list tr', { hasText: '苏玉琴' }).count()).toBe(0);
    const found = await stack.api<{ volunteers: unknown[] }>(admin(), 'GET', '/volunteers?q=6666');
    expect(found.body.volunteers).toEqual([]);
  });

  it('finds a volunteer by the last digits of the phone and shows them in their village’s list', async () => {
    // Prepare: the list shows another village
    await page.locator('#org-picker').selectOption('wenshan');

    // Act
    await pick('volunteer-search', '0005', '王*英 · 南庄村');

    // Assess
    await page.locator('#volunteer-list tr[aria-current="true"]', { hasText: '王秀英' }).waitFor();
    expect(await page.locator('#org-picker').inputValue()).toBe('nanzhuang');
    expect(await page.locator('#register-org').textContent()).toContain('南庄村');
  });

  it('issues a card with a PIN and prints it: the number large and as a QR code, the PIN never', async () => {
    // Prepare: 王秀英's row, from the search above
    const row = page.locator('#volunteer-list tr[aria-current="true"]', { hasText: '王秀英' });
    await row.locator('details.card-controls summary').click();
    await row.locator('details.card-controls input[name="pin"]').fill('4680');
    await row.locator('details.card-controls button[type="submit"]').click();
    await row.locator('#card-print').waitFor();

    // Act
    const opening = page.waitForEvent('popup');
    await row.locator('#card-print').click();
    const sheet = await opening;

    // Assess
    const card = sheet.locator('section.love-card');
    await card.waitFor();
    const number = (await card.getAttribute('data-card')) ?? '';
    expect(number).toMatch(/^\d{8,}$/);
    expect((await card.locator('.love-card-number').textContent())?.replaceAll(' ', '')).toBe(number);
    expect(await card.locator('svg').count()).toBe(1);
    expect(await card.textContent()).not.toContain('4680');
    expect(await card.locator('.love-card-name').textContent()).toBe('王*英');
    await screenshot(sheet, 'office-card-print');
    await sheet.close();
  });

  it('enters hours for two volunteers found by name and phone; a double click makes one record, pending in the queue', async () => {
    // Prepare
    await open('enter-hours');
    await page.locator('#entry-form').waitFor();

    // Act: a problem first (nobody, no name), then the whole form
    await page.locator('#entry-submit').click();
    expect(await page.locator('#entry-name-problem').textContent()).toBe('请填写活动名称。');
    expect(await page.locator('#entry-people-problem').textContent()).toBe('请至少添加一位志愿者。');
    await page.locator('#entry-name').fill(ACTIVITY);
    await pick('entry-search', '秀英', '王*英');
    await pick('entry-search', '0001', '谭*华');
    await page.locator('#entry-people input.hours-input').first().fill('1.3');
    await page.locator('#entry-submit').click();
    const hoursProblems = page.locator('#entry-people .field-error:not([hidden])');
    expect(await hoursProblems.allTextContents()).toEqual([
      '王*英 的时长要在 0.25 到 24 小时之间，按一刻钟填写（如 0.5、1、1.75）。',
      '谭*华 的时长要在 0.25 到 24 小时之间，按一刻钟填写（如 0.5、1、1.75）。',
    ]);
    await page.locator('#entry-people input.hours-input').first().fill('1.5');
    await page.locator('#entry-people input.hours-input').nth(1).fill('2');
    // Where, when and who answered for it (order No. 67 第七条)
    await page.locator('#entry-more summary').click();
    await page.locator('#entry-place').fill('南庄村村委会');
    await page.locator('#entry-startTime').fill('09:00');
    await page.locator('#entry-endTime').fill('11:30');
    await page.locator('#entry-responsible').fill('张建军');
    await screenshot(page, 'office-enter-hours-desktop');
    await page.locator('#entry-submit').dblclick();

    // Assess: one pending record, with both people, shown in the queue
    await page.locator('#entry-sent').waitFor();
    const list = await stack.api<{
      records: { id: string; activity: Record<string, unknown>; entryCount: number }[];
    }>(admin(), 'GET', '/service-records?status=pending&limit=100');
    const ours = list.body.records.filter((record) => record.activity.name === ACTIVITY);
    expect(ours.map((record) => record.entryCount)).toEqual([2]);
    expect(ours[0]?.activity).toMatchObject({
      place: '南庄村村委会',
      startTime: '09:00',
      endTime: '11:30',
      responsible: '张建军',
    });
    await page.locator('#entry-sent a[href="#approvals"]').click();
    const card = page.locator('article.record', { hasText: ACTIVITY });
    await card.waitFor();
    expect(await card.textContent()).toContain('2 人');
    expect(await card.textContent()).toContain('3.5 小时');
  });

  it('reverses an approved record with a reason; the points go back once', async () => {
    // Prepare: the hand-entered record approved from the queue
    const tan = stack.user('demo-volunteer');
    const before = await stack.balance(tan);
    const card = page.locator('article.record', { hasText: ACTIVITY });
    await card.locator('button', { hasText: '批准' }).click();
    await expect.poll(() => card.locator('.record-outcome').textContent()).toContain('已批准');
    const approved = await stack.balance(tan);
    expect(approved).toBeGreaterThan(before);

    // Act
    await open('records');
    const row = page.locator('#approved-records article.record', { hasText: ACTIVITY });
    await row.waitFor();
    await row.locator('[data-action="reverse"]').click();
    await row.locator('[data-action="reverse-confirm"]').click();
    expect(await row.locator('.field-error').textContent()).toBe('请写明撤销原因。');
    await row.locator('input[name="reason"]').fill('重复录入，纸质签到表已另行上报');
    await row.locator('[data-action="reverse-confirm"]').dblclick();

    // Assess
    await expect.poll(() => row.locator('.record-outcome').textContent()).toContain('已撤销');
    expect(await stack.balance(tan)).toBe(before);
    await screenshot(page, 'office-reverse-desktop');
  });

  it('adjusts points: a debit over the balance is refused in Chinese, a credit goes through once', async () => {
    // Prepare
    const wang = await stack.api<{ volunteers: { id: string }[] }>(admin(), 'GET', '/volunteers?q=0005');
    const wangId = wang.body.volunteers[0]?.id ?? '';
    const balanceOf = async () =>
      (await stack.api<{ balance: number }>(admin(), 'GET', `/volunteers/${wangId}/balance`)).body.balance;
    const before = await balanceOf();
    await open('adjust');
    await pick('adjust-search', '王秀', '王*英');
    await page.locator('#adjust-balance').waitFor();

    // Act: take away more than there is
    await page.locator('#adjust-debit').check();
    await page.locator('#adjust-points').fill(String(before + 100));
    await page.locator('#adjust-reason').fill('误发积分收回');
    await page.locator('#adjust-submit').click();

    // Assess
    await expect
      .poll(() => page.locator('#adjust-points-problem').textContent())
      .toBe(`扣减不成：王*英 现在只有 ${before} 分，不能扣减 ${before + 100} 分。积分不能扣成负数。`);
    expect(await balanceOf()).toBe(before);

    // Act: add some instead, with a double click
    await page.locator('#adjust-credit').check();
    await page.locator('#adjust-points').fill('20');
    await page.locator('#adjust-reason').fill('补记三月敬老院探访');
    await page.locator('#adjust-submit').dblclick();

    // Assess
    await page.locator('#adjust-done').waitFor();
    expect(await page.locator('#adjust-done').textContent()).toContain('增加 20 分');
    expect(await balanceOf()).toBe(before + 20);
    await screenshot(page, 'office-adjust-desktop');
  });
});

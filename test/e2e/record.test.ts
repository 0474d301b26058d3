import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureReading } from './support/accessibility';
import { type Browser, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * 志愿服务记录 (order No. 67) end to end, on a 360 px phone: the county office records a training
 * and an honour for 谭成华 and withdraws a wrong training (never deleting it); 谭成华 sees them, the
 * star in words and the year's service, and asks for a service line to be corrected; the office
 * accepts the request saying what it did; 谭成华 sees 已更正 with those words. A town coordinator
 * is not offered honours.
 */
describe('the volunteer’s record and its corrections', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let tanId = '';
  const reason = '那天服务了 9 个小时，不是 8 个小时';
  const resolution = '已撤销原记录并重新录入';

  beforeAll(async () => {
    stack = await startStack();
    browser = await launch({ viewport: PHONE });
    page = await browser.context.newPage();
    tanId = stack.user('demo-volunteer').volunteerId ?? '';
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const as = async (sub: string, landing: string) => {
    await page.goto(`${stack.baseUrl}/`);
    await page.evaluate(() => localStorage.clear());
    await signIn(page, stack.baseUrl, sub, landing);
  };

  const noSidewaysScroll = () =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

  /** Finds 谭成华 by name in the 培训·表彰·评价 section and chooses her. */
  const chooseTan = async () => {
    await page.goto(`${stack.baseUrl}/office.html#record-entries`);
    await page.locator('#record-entries-search-q').fill('谭成华');
    await page.locator('#record-entries-search-form button[type="submit"]').click();
    await page.locator(`#record-entries-search-results li[data-volunteer="${tanId}"] button`).click();
    await page.locator('#record-entry-form').waitFor();
    await page.locator('#record-entries-summary').waitFor();
  };

  const addEntry = async (kind: string, fields: Record<string, string>) => {
    await page.locator('#record-entry-kind').selectOption(kind);
    for (const [name, value] of Object.entries(fields))
      await page.locator(`#record-entry-form [name="${name}"]`).fill(value);
    await page.locator('#record-entry-save').click();
  };

  it('the office records a training and an honour, and withdraws a wrong training without deleting it', async () => {
    // Prepare
    await as('demo-admin', '/office.html');
    await chooseTan();
    expect(await page.locator('#record-entries-who').textContent()).toContain('谭*华');

    // Act: a training without its hours is refused beside the field, in Chinese
    await addEntry('training', { title: '应急救护培训', organiser: '县红十字会', hours: '' });
    const hoursError = page.locator('#record-entry-form .field-error');
    await hoursError.waitFor();
    expect(await hoursError.textContent()).toBe('“培训时长（小时）”：必须填写。请改好后再提交。');

    // Act: with its hours; then an honour, the county's own selections offered
    await addEntry('training', { title: '应急救护培训', organiser: '县红十字会', hours: '4' });
    const training = page.locator('#record-entries-training li', { hasText: '应急救护培训' });
    await training.waitFor();
    expect(await training.textContent()).toContain('4 小时');
    await page.locator('#record-entry-kind').selectOption('honour');
    expect(await page.locator('#record-entry-title').getAttribute('list')).toBe('record-entry-honours');
    expect(
      await page
        .locator('#record-entry-honours option')
        .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value)),
    ).toContain('最美志愿者');
    await addEntry('honour', { title: '最美志愿者', organiser: '皋兰县' });
    await page.locator('#record-entries-honours li', { hasText: '最美志愿者' }).waitFor();

    // Act: a wrong training, withdrawn with a note
    await addEntry('training', { title: '防汛演练', hours: '2' });
    const wrong = page.locator('#record-entries-training li', { hasText: '防汛演练' });
    await wrong.waitFor();
    await wrong.locator('button[data-action="withdraw"]').click();
    await wrong.locator('form.withdraw-form input[name="note"]').fill('当天未参加');
    await wrong.locator('form.withdraw-form button[type="submit"]').click();

    // Assess: still there, struck, saying why; one line (the withdrawal is folded into it)
    await expect.poll(() => page.locator('#record-entries-training li.is-withdrawn').count()).toBe(1);
    const struck = page.locator('#record-entries-training li.is-withdrawn');
    expect(await struck.locator('.record-withdrawn').textContent()).toBe('已撤回：当天未参加');
    expect(await struck.locator('button[data-action="withdraw"]').count()).toBe(0);
    expect(await page.locator('#record-entries-training li', { hasText: '防汛演练' }).count()).toBe(1);
    expect(await noSidewaysScroll()).toBe(true);
    await screenshot(page, 'record-office-entries-phone');
  });

  it('the volunteer sees them, the star in words, the year’s service, and asks for a correction', async () => {
    // Prepare: what the API says of her record this year
    const tan = stack.user('demo-volunteer');
    const { body: mine } = await stack.api<{
      year: string;
      hours: { year: number; total: number };
      star: { level: number; next?: { hoursToGo: number } };
    }>(tan, 'GET', `/volunteers/${tanId}/record`);
    await as('demo-volunteer', '/volunteer.html');
    const section = page.locator('#my-record');
    await section.locator('#my-record-star').waitFor();

    // Assess: the star and what is next, in words; the year's hours; this year and the four before
    expect(mine.star.level).toBe(0);
    expect(await section.locator('#my-record-star').textContent()).toBe('还不是星级志愿者');
    expect(await section.locator('#my-record-next').textContent()).toBe(
      `累计服务 ${mine.hours.total} 小时，再服务 ${mine.star.next?.hoursToGo} 小时可评为一星级志愿者`,
    );
    expect(await section.locator('#my-record-year-hours').textContent()).toBe(
      `${mine.year}年服务 ${mine.hours.year} 小时`,
    );
    expect(await section.locator('#my-record-year option').allTextContents()).toEqual(
      [0, 1, 2, 3, 4].map((back) => `${Number(mine.year) - back}年`),
    );
    // The year's service (the seed's 入户宣讲 today), the training with its hours, the honour
    const service = section.locator('#my-record-service li', { hasText: '什川镇 讲文明树新风 入户宣讲' });
    expect(await service.locator('.record-line-facts').textContent()).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日 · (地点：.+ · )?单位：.+ · 8 小时$/,
    );
    expect(
      await section.locator('#my-record-training li', { hasText: '应急救护培训' }).textContent(),
    ).toContain('4 小时');
    expect(await section.locator('#my-record-honours li').first().textContent()).toContain('最美志愿者');
    // The withdrawn training: shown, struck, 已撤回
    const withdrawn = section.locator('#my-record-training li.is-withdrawn');
    expect(await withdrawn.locator('.record-withdrawn').textContent()).toBe('已撤回：当天未参加');
    expect(
      await withdrawn
        .locator('.record-line-title s')
        .evaluate((element) => getComputedStyle(element).textDecorationLine),
    ).toBe('line-through');

    // Act: 申请更正 on the service line; sent empty first
    await service.locator('button.correct-button').click();
    await page.locator('#my-record-send').click();

    // Assess: the sentence beside the box
    expect(await page.locator('#my-record-reason-problem').textContent()).toBe(
      '请写明哪里不对、应该是什么。',
    );
    expect(await page.locator('#my-record-reason').getAttribute('aria-invalid')).toBe('true');

    // Act
    await page.locator('#my-record-reason').fill(reason);
    await page.locator('#my-record-send').click();

    // Assess: filed, waiting, about that line
    const request = section.locator('#my-record-correction-list li', { hasText: reason });
    await request.waitFor();
    expect(await request.locator('.record-correction-status').textContent()).toBe('等待处理');
    expect(await request.locator('.record-line-title').textContent()).toMatch(/^服务记录 · .*入户宣讲$/);
    expect(await page.locator('#my-record-filed').textContent()).toContain('已提交更正申请');
    expect(await page.locator('#my-record-form').count()).toBe(0);

    // Large type for elderly eyes, and nothing wider than the phone
    await screenshot(page, 'record-volunteer-phone');
    const report = await measureReading(page);
    expect(report.smallestFontPx, report.smallestFontText).toBeGreaterThanOrEqual(18);
    expect(
      Math.min(report.smallestTarget.width, report.smallestTarget.height),
      report.smallestTarget.text,
    ).toBeGreaterThanOrEqual(44);
    expect(await noSidewaysScroll()).toBe(true);
  });

  it('the office accepts the request, saying what it did; the volunteer sees 已更正 and those words', async () => {
    // Prepare
    await as('demo-admin', '/office.html');
    await page.goto(`${stack.baseUrl}/office.html#corrections`);
    const card = page.locator('article.correction', { hasText: reason });
    await card.waitFor();
    expect(await card.locator('h3').textContent()).toBe('谭*华');
    expect(await card.locator('.correction-about').textContent()).toBe('要更正：服务记录');
    expect(await page.locator('#corrections-note').textContent()).toContain('更正从不直接修改记录');

    // Act: 受理 without saying what was done, then with it
    await card.locator('button[data-action="accept"]').click();
    await expect.poll(() => card.locator('.correction-subject').textContent()).toContain('入户宣讲');
    await card.locator('form.correction-accept button[type="submit"]').click();
    expect(await card.locator('form.correction-accept .field-error').textContent()).toBe(
      '“处理结果”：必须填写。请改好后再提交。',
    );
    await card.locator('form.correction-accept textarea[name="resolution"]').fill(resolution);
    await card.locator('form.correction-accept button[type="submit"]').click();

    // Assess
    await expect.poll(() => card.locator('.record-outcome').textContent()).toBe(`已受理：${resolution}`);
    expect(await card.locator('button[data-action]').count()).toBe(0);
    await page.locator('#corrections-status').selectOption('accepted');
    await page.locator('#corrections-list article.correction', { hasText: reason }).waitFor();
    expect(await noSidewaysScroll()).toBe(true);
    await screenshot(page, 'record-office-corrections-phone');

    // Act: the volunteer looks again
    await as('demo-volunteer', '/volunteer.html');
    const request = page.locator('#my-record-correction-list li', { hasText: reason });
    await request.waitFor();

    // Assess
    expect(await request.getAttribute('data-status')).toBe('accepted');
    expect(await request.locator('.record-correction-status').textContent()).toBe(`已更正：${resolution}`);
  });

  it('a town coordinator is not offered honours, nor their withdrawal', async () => {
    // Act
    await as('demo-coordinator', '/office.html');
    await chooseTan();

    // Assess: training and evaluation only; the honour shown, without 撤回
    expect(
      await page
        .locator('#record-entry-kind option')
        .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value)),
    ).toEqual(['training', 'evaluation']);
    const honour = page.locator('#record-entries-honours li', { hasText: '最美志愿者' });
    await honour.waitFor();
    expect(await honour.locator('button[data-action="withdraw"]').count()).toBe(0);
    expect(await page.locator('nav.section-nav a[href="#corrections"]').count()).toBe(1);
  });
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, DESKTOP, launch, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/** The county office in a desktop browser: approvals, the monthly report, the draw, the import. */
describe('office page', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

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

  it('approves the pending service record from the queue; the points reach the volunteers once', async () => {
    // Prepare: the seeded pending record (什川镇 防疫志愿服务: 谭成华 3 h, …)
    const tan = stack.user('demo-volunteer');
    const before = await stack.balance(tan);
    const card = page.locator('article.record', { hasText: '什川镇 防疫志愿服务' });
    await card.waitFor();
    const recordId = await card.getAttribute('data-id');
    await screenshot(page, 'office-approvals-desktop');
    // Who submitted it is a name, never a bare account id
    expect(await card.locator('p', { hasText: '提交' }).first().textContent()).not.toMatch(/demo-|user-/);
    // Order No. 67's ten working days: the last day to record it, in words
    expect(await card.locator('.record-deadline').textContent()).toMatch(
      /^(请在 \d{4}年\d{1,2}月\d{1,2}日 前审核记录（还剩 \d+ 个工作日）|已超过记录期限 \d+ 个工作日)/,
    );

    // Act: a double click must not approve twice
    await card.locator('button', { hasText: '批准' }).dblclick();

    // Assess
    await expect.poll(() => card.locator('.record-outcome').textContent()).toContain('已批准');
    const record = await stack.api<{ status: string }>(
      stack.user('demo-admin'),
      'GET',
      `/service-records/${recordId}`,
    );
    expect(record.body.status).toBe('approved');
    expect(await stack.balance(tan)).toBe(before + 30);
  });

  it('draws the monthly report as bars by town and by store, and downloads it as CSV', async () => {
    // Act: this month (the seed's approvals, prizes and redemptions happened now)
    await page.locator('nav.section-nav a[href="#report"]').click();

    // Assess
    await expect.poll(() => page.locator('ol.chart').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('h3:text-is("各乡镇发放积分") + ol.chart').textContent()).toContain('什川镇');
    // Which clock each figure follows: hours by the day served, points by the day posted
    expect(await page.locator('#report-basis').textContent()).toMatch(
      /^服务小时按服务日期计入当月.*积分按入账日期计入当月。$/,
    );
    // The months side by side: six months up to this one, hours and points as bars
    await expect.poll(() => page.locator('#report-trend ol.chart').count()).toBe(3);
    expect(await page.locator('#report-trend h3').textContent()).toBe('近几个月的趋势');
    // Each of the three charts under its own heading, the heading naming what it counts.
    expect(await page.locator('#report-trend h4').allTextContents()).toEqual([
      '每月服务小时（按服务日期）',
      '每月发放积分',
      '每月兑换积分',
    ]);
    expect(await page.locator('#report-trend h4 + ol.chart').count()).toBe(3);
    // 星级志愿者: the five levels by name, each with its count of people
    await expect.poll(() => page.locator('#report-stars li.chart-row').count()).toBe(5);
    expect(await page.locator('#report-stars h3').textContent()).toBe('星级志愿者');
    expect(await page.locator('#report-stars .chart-label').allTextContents()).toEqual([
      '一星级志愿者',
      '二星级志愿者',
      '三星级志愿者',
      '四星级志愿者',
      '五星级志愿者',
    ]);
    for (const value of await page.locator('#report-stars .chart-value').allTextContents())
      expect(value).toMatch(/^\d[\d,]* 人$/);
    expect(await page.locator('#report-trend ol.chart').first().textContent()).toMatch(/\d{4}年\d{1,2}月/);
    // 财务视图: what the month's points bought, in yuan, by store and for the county
    await expect.poll(() => page.locator('#finance-sentence').count()).toBe(1);
    expect(await page.locator('#report-finance h3').textContent()).toBe('财务视图：积分换出的物资价值');
    expect(await page.locator('#finance-sentence').textContent()).toMatch(
      /^本月兑换 [\d,]+ 积分，换出物资价值约 ¥[\d,]+\.\d{2}（其中按参考价值估算 ¥[\d,]+\.\d{2}）。$/,
    );
    const financeRows = page.locator('#finance-table tbody tr');
    const rowNames = await financeRows.locator('th').allTextContents();
    expect(rowNames).toContain('什川镇爱心超市');
    expect(rowNames.at(-1)).toBe('全县合计');
    const pointsOf = async (index: number) =>
      Number(((await financeRows.nth(index).locator('td').first().textContent()) ?? '').replace(/,/g, ''));
    let storesPoints = 0;
    for (let index = 0; index < rowNames.length - 1; index += 1) storesPoints += await pointsOf(index);
    expect(storesPoints).toBeGreaterThan(0);
    expect(await pointsOf(rowNames.length - 1)).toBe(storesPoints);
    await screenshot(page, 'office-report-desktop');
    const downloading = page.waitForEvent('download');
    await page.locator('button', { hasText: '下载 CSV' }).click();
    const download = await downloading;
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\n').length).toBeGreaterThan(2);
  });

  it("shows last month's published draw and checks its seed against the commitment", async () => {
    // Act
    await page.locator('nav.section-nav a[href="#draws"]').click();
    const month = page.locator('#draw-month');
    const previous = await page.evaluate(() => {
      const now = new Date(Date.now() + 8 * 3600_000);
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    });
    await month.selectOption(previous);
    await month.dispatchEvent('change');

    // Assess
    await expect.poll(() => page.locator('.draw').textContent()).toContain('种子与承诺一致');
    expect(await page.locator('ol.winners li').count()).toBe(3);
    // Winners are published by name, masked (谭*华), with the id beside it.
    expect(await page.locator('ol.winners li').first().textContent()).toMatch(
      /\p{Script=Han}\*\p{Script=Han}/u,
    );
    await screenshot(page, 'office-draw-desktop');
  });

  it('imports a spreadsheet in the browser and lists the rows it could not import', async () => {
    // Prepare: UTF-8 with a BOM, as Excel saves "CSV UTF-8"; one row has a bad phone number
    const csv =
      '\uFEFF姓名,手机号,组织\r\n王淑芳,13809319001,文山村\r\n李春生,13809319002,wenshan\r\n赵错号,12345,文山村\r\n';
    await page.locator('nav.section-nav a[href="#volunteers"]').click();
    await page.locator('#import-file').waitFor();

    // Act
    await page
      .locator('#import-file')
      .setInputFiles({ name: '志愿者名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.locator('.import button', { hasText: '开始导入' }).click();

    // Assess
    await expect.poll(() => page.locator('#import-status').textContent()).toContain('导入完成');
    expect(await page.locator('#import-status').textContent()).toContain('新登记 2 人');
    expect(await page.locator('#import-rejected tbody tr').count()).toBe(1);
    expect(await page.locator('#import-rejected tbody tr td').first().textContent()).toBe('4');
    await screenshot(page, 'office-volunteers-desktop');
  });
});

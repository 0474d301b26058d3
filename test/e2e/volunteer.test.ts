import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureReading } from './support/accessibility';
import { type Browser, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * The volunteer's own phone: the balance, the QR code that renews itself before it expires (the
 * page's clock is a fake one that the test moves forward), the passbook, all in large type.
 */
describe('volunteer page', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launch({ viewport: PHONE });
    page = await browser.context.newPage();
    await page.clock.install();
    await signIn(page, stack.baseUrl, 'demo-volunteer', '/volunteer.html');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const shownCode = () => page.locator('#qr-holder').getAttribute('data-code');
  const timer = () => page.locator('#qr-timer').textContent();

  it('shows the balance and a QR code with a countdown, and renews the code 15 s before it expires', async () => {
    // Prepare
    await expect.poll(shownCode).not.toBeNull();
    const first = await shownCode();
    const balance = await stack.balance(stack.user('demo-volunteer'));
    expect(await page.locator('#balance').textContent()).toBe(`${balance} 分`);
    expect(await page.locator('#qr-holder svg.qr').count()).toBe(1);
    await expect.poll(timer).toMatch(/^1:4\d 后自动更新$/);
    await screenshot(page, 'volunteer-phone');

    // Act: 100 s later the countdown nears its end, and the code is still the same
    await page.clock.fastForward('01:40');
    await expect.poll(timer).toMatch(/^0:0\d 后自动更新$/);
    expect(await shownCode()).toBe(first);

    // Act: past the renewal point (105 s of the code's 120 s)
    await page.clock.fastForward('00:06');

    // Assess: a new code, with a fresh countdown, before the old one expired
    await expect.poll(shownCode, { timeout: 10_000 }).not.toBe(first);
    await expect.poll(timer).toMatch(/^1:4\d 后自动更新$/);
    const renewed = await shownCode();
    expect(renewed).toMatch(/^[\w.-]+$/);
  });

  it('is readable for elderly eyes: text at least 18 px, contrast at least 7:1, targets at least 44 px', async () => {
    const report = await measureReading(page);
    expect(report.smallestFontPx, report.smallestFontText).toBeGreaterThanOrEqual(18);
    expect(report.lowestContrast, report.lowestContrastText).toBeGreaterThanOrEqual(7);
    expect(
      Math.min(report.smallestTarget.width, report.smallestTarget.height),
      report.smallestTarget.text,
    ).toBeGreaterThanOrEqual(44);
  });

  it('shows the messages, the new ones marked, and marks them read with one button', async () => {
    // Assess: the seed's approval and redemptions are news to 谭成华
    const unread = page.locator('#inbox-list li.unread');
    await expect.poll(() => unread.count()).toBeGreaterThan(0);
    expect(await page.locator('#inbox-list li[data-kind="points-earned"]').first().textContent()).toMatch(
      /服务时长审核通过，获得 \d+ 积分/,
    );
    expect(await page.locator('#inbox-unread').textContent()).toMatch(/^\d+ 条新消息$/);
    await screenshot(page, 'volunteer-inbox-phone');

    // Act
    await page.locator('#inbox-read').click();

    // Assess
    await expect.poll(() => page.locator('#inbox-unread').textContent()).toBe('没有新消息');
    expect(await unread.count()).toBe(0);
    expect(await page.locator('#inbox-read').isHidden()).toBe(true);
  });

  it('shows what the points can get: each shop, its goods and prices, and when the van comes', async () => {
    // Act
    await page.locator('#catalogue-toggle').click();

    // Assess: the town's shop and the van, goods cheapest first, the van's week by village
    const town = page.locator('#catalogue article.shop[data-store="shichuan-store"]');
    await town.waitFor();
    expect(await town.textContent()).toContain('地点：什川镇');
    expect(await town.locator('.goods li').first().textContent()).toContain('食盐');
    const van = page.locator('#catalogue article.shop[data-store="mobile-1"]');
    expect(await van.locator('.stops li').first().textContent()).toBe('每周三 09:00–11:00 到 文山村');
    expect(await page.locator('#catalogue .goods li.affordable').count()).toBeGreaterThan(0);
    await screenshot(page, 'volunteer-catalogue-phone');
    const report = await measureReading(page);
    expect(report.smallestFontPx, report.smallestFontText).toBeGreaterThanOrEqual(18);
  });

  it('lists the passbook with running balances and prints it as 爱心存折', async () => {
    // Assess: newest first, each line with the balance after it; service says the day it was done
    const entries = page.locator('.passbook .entry');
    await expect.poll(() => entries.count()).toBeGreaterThanOrEqual(2);
    const shownBalance = await stack.balance(stack.user('demo-volunteer'));
    expect(await entries.first().locator('.entry-meta').textContent()).toContain(`余额 ${shownBalance}`);
    expect(await entries.first().locator('.entry-meta span').first().textContent()).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日$/,
    );
    expect(
      await page.locator('.passbook .entry[data-kind="earn"] .entry-fact').first().textContent(),
    ).toMatch(/^服务日期 \d{4}年\d{1,2}月\d{1,2}日 · \d+(\.\d+)? 小时$/);

    // Prepare: 谭成华 takes a towel and two bars of soap at the town's shop
    const volunteer = stack.user('demo-volunteer');
    const issued = await stack.api<{ code: string }>(
      volunteer,
      'POST',
      `/volunteers/${volunteer.volunteerId}/code`,
    );
    const taken = await stack.api(stack.user('demo-counter'), 'POST', '/stores/shichuan-store/redemptions', {
      body: {
        code: issued.body.code,
        items: [
          { sku: 'towel', qty: 1, pricePoints: 15 },
          { sku: 'soap', qty: 2, pricePoints: 8 },
        ],
      },
      idempotencyKey: 'e2e-passbook-redeem',
    });
    expect(taken.status).toBe(201);
    const balance = await stack.balance(volunteer);

    // Act
    await page.locator('a[href="/passbook.html"]').click();
    await page.waitForSelector('body[data-ready="true"] .sheet-table');

    // Assess: oldest first on paper, the last line's balance is the balance now
    const rows = page.locator('.sheet-table tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    expect(await rows.last().locator('td').last().textContent()).toBe(String(balance));
    // Dates as people write them; service with its day; the redemption with the shop and the goods
    expect(await rows.last().locator('.sheet-date').textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(await rows.last().locator('.sheet-summary').textContent()).toBe(
      '兑换商品什川镇爱心超市：毛巾×1、香皂×2',
    );
    expect(await page.locator('tr[data-kind="earn"] .sheet-fact').first().textContent()).toMatch(
      /^服务日期 \d{4}年\d{1,2}月\d{1,2}日 · \d+(\.\d+)? 小时$/,
    );
    await screenshot(page, 'passbook-phone');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'passbook-print');
    expect(await page.locator('.top').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage } from './support/accessibility';
import { type Browser, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * The office's 门店 section on a 360 px phone, on the demo county: the van's (流动爱心超市1号)
 * weekly stops by village name, a low-stock mark on an item, and an item's 库存记录.
 */
describe('office page: stores', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launch({ viewport: PHONE });
    page = await browser.context.newPage();
    await signIn(page, stack.baseUrl, 'demo-admin', '/office.html');
    await page.goto(`${stack.baseUrl}/office.html#stores`);
    await page.locator('[role="tab"]', { hasText: '流动爱心超市1号' }).click();
    await page.locator('#schedule-stops li').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const noSidewaysScroll = () =>
    page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
  const stops = () => page.locator('#schedule-stops li .stop-words').allTextContents();

  it("adds a stop to the van's week and lists it by the village's name; a wrong time is said beside its field", async () => {
    // Prepare: the seeded week (文山村 and 南庄村 on Wednesday, 水阜村 and 忠和村 on Saturday)
    expect(await stops()).toEqual([
      '每周三 09:00–11:00 · 文山村',
      '每周三 14:00–16:00 · 南庄村',
      '每周六 09:00–11:00 · 水阜村',
      '每周六 14:00–16:00 · 忠和村',
    ]);
    const form = page.locator('#stop-form');

    // Act: first a stop that leaves when it arrives, then the right one
    await form.locator('label', { hasText: '停靠的村' }).locator('select').selectOption({ label: '文山村' });
    await form.locator('label', { hasText: '星期' }).locator('select').selectOption({ label: '周五' });
    await form.locator('label', { hasText: '几点到' }).locator('input').fill('09:30');
    await form.locator('label', { hasText: '几点走' }).locator('input').fill('09:30');
    await form.locator('button[type="submit"]').click();
    const besideTo = form.locator('label', { hasText: '几点走' }).locator('.field-error');
    await expect.poll(() => besideTo.textContent()).toContain('离开时间应晚于到达时间');
    await form.locator('label', { hasText: '几点走' }).locator('input').fill('11:30');
    await form.locator('button[type="submit"]').click();

    // Assess: shown Monday first, by name; saved with the van's name, kind and place kept
    await expect.poll(stops).toContain('每周五 09:30–11:30 · 文山村');
    expect((await stops()).join('\n')).not.toMatch(/wenshan|nanzhuang|shuifu|zhonghe/);
    expect(await form.locator('.field-error').count()).toBe(0);
    const van = await stack.api<{ name: string; kind: string; orgId?: string; schedule?: unknown[] }>(
      stack.user('demo-admin'),
      'GET',
      '/stores/mobile-1',
    );
    expect(van.body).toMatchObject({ name: '流动爱心超市1号', kind: 'mobile', orgId: 'gaolan' });
    expect(van.body.schedule).toContainEqual({ orgId: 'wenshan', weekday: 5, from: '09:30', to: '11:30' });
    expect(await noSidewaysScroll()).toBe(true);
    await screenshot(page, 'office-stores-schedule-phone');

    // Act: and takes it away again
    await page.locator('button[aria-label="删除停靠点：每周五 09:30–11:30 · 文山村"]').click();

    // Assess
    await expect.poll(stops).toHaveLength(4);
    expect(await stops()).not.toContain('每周五 09:30–11:30 · 文山村');
  });

  it('sets a low-stock mark on an item and marks it in words, with the count at the top', async () => {
    // Prepare: the van carries 6 bags of rice
    const rice = page.locator('tr[data-sku="rice-5kg"]');
    expect(await rice.locator('.low-mark').count()).toBe(0);

    // Act
    const form = rice.locator('form[data-item-form]');
    await form.locator('input[name="lowStockAt"]').fill('6');
    await form.locator('button[type="submit"]').click();

    // Assess
    await expect.poll(() => rice.locator('.low-mark').textContent()).toBe('库存不足，请补货');
    expect(await rice.getAttribute('data-low')).toBe('true');
    expect(await page.locator('#low-stock-summary').textContent()).toBe('1 种商品库存不足，请补货：大米 5kg');
    const items = await stack.api<{ items: { sku: string; lowStockAt?: number; low?: boolean }[] }>(
      stack.user('demo-admin'),
      'GET',
      '/stores/mobile-1/items',
    );
    expect(items.body.items.find((item) => item.sku === 'rice-5kg')).toMatchObject({
      lowStockAt: 6,
      low: true,
    });
    expect(await noSidewaysScroll()).toBe(true);
  });

  it("keeps an item's 参考价值 typed in yuan as fen, refuses a typo beside its field, and keeps it when the price changes", async () => {
    // Act: ¥45.50 for oil, typed the way a phone's keyboard gives it
    const oil = page.locator('tr[data-sku="oil-5l"]');
    const form = oil.locator('form[data-item-form]');
    await form.locator('input[name="valueFen"]').fill('４５.５元');
    await form.locator('button[type="submit"]').click();
    const oilNow = async () =>
      (
        await stack.api<{ items: { sku: string; valueFen?: number; pricePoints: number }[] }>(
          stack.user('demo-admin'),
          'GET',
          '/stores/mobile-1/items',
        )
      ).body.items.find((item) => item.sku === 'oil-5l');
    await expect.poll(async () => (await oilNow())?.valueFen).toBe(4550);
    // The list drawn again shows the value saved, in yuan
    const again = page.locator('tr[data-sku="oil-5l"] form[data-item-form]');
    await expect.poll(() => again.locator('input[name="valueFen"]').inputValue()).toBe('45.50');
    // A typo is said beside the field and nothing is sent
    await again.locator('input[name="valueFen"]').fill('45.555');
    await again.locator('button[type="submit"]').click();
    await expect
      .poll(() => again.locator('input[name="valueFen"]').getAttribute('aria-invalid'))
      .toBe('true');
    expect((await oilNow())?.valueFen).toBe(4550);
    // The price changes, the value stays (the form sends it again)
    await again.locator('input[name="valueFen"]').fill('45.50');
    await again.locator('input[name="pricePoints"]').fill('160');
    await again.locator('button[type="submit"]').click();
    await expect.poll(async () => (await oilNow())?.pricePoints).toBe(160);
    expect((await oilNow())?.valueFen).toBe(4550);
  });

  it("writes off stock and finds it in the item's 库存记录, newest first, with the reason and the date in words", async () => {
    // Act: one towel written off
    const towel = page.locator('tr[data-sku="towel"]');
    await towel.locator('input[name="delta"]').fill('-1');
    await towel.locator('input[name="reason"]').fill('受潮发霉');
    await towel.locator('button[type="submit"]', { hasText: '调整库存' }).click();
    const towelStock = async () =>
      (
        await stack.api<{ items: { sku: string; stock: number }[] }>(
          stack.user('demo-admin'),
          'GET',
          '/stores/mobile-1/items',
        )
      ).body.items.find((item) => item.sku === 'towel')?.stock;
    await expect.poll(towelStock).toBe(19);
    // The goods are drawn again with the change
    await expect.poll(() => towel.locator('td.num').nth(1).textContent()).toBe('19');
    await page.locator('tr[data-sku="towel"] button[data-history]').click();

    // Assess
    const history = page.locator('#stock-history');
    await history.locator('li.recent').first().waitFor();
    expect(await history.locator('h3').textContent()).toBe('库存记录：毛巾');
    const lines = await history.locator('li.recent').allTextContents();
    expect(lines[0]).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}报损 −1变动后库存 19原因：受潮发霉 · 经手：工作人员$/,
    );
    expect(lines.at(-1)).toContain('上架入库 +20');
    expect(lines.at(-1)).toContain('原因：新商品上架');
    expect(lines.join('\n')).not.toContain('demo-admin');
    await screenshot(page, 'office-stores-history-phone');
    // The van's week, the marked goods and the open history on the phone: 16 px text, 44 px
    // targets, nothing wider than the screen, every control named
    expect(await noSidewaysScroll()).toBe(true);
    expect(await auditPage(page)).toEqual([]);
  });
});

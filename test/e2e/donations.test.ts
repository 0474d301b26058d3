import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPage } from './support/accessibility';
import { type Browser, DESKTOP, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * 捐赠与公示 end to end in Chromium: the office records a company's gift of rice and oil into the
 * town's 爱心超市 and gets its receipt number, prints the receipt and the thank-you letter, and finds
 * the goods in the store's stock (捐赠入库); a volunteer takes some at the store's counter; anyone, with no
 * account, opens the month's 公示 and sees the gift, the store's redemptions and stock, and
 * downloads it as CSV; the donor's report says where the gift went (first in, first out); the
 * office voids the gift with a reason and every page says 作废.
 */
const DONOR = '兰州爱心粮油有限公司';
const STORE = 'shichuan-store';
const chinaMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
const monthBefore = (month: string) => {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
};

interface Item {
  sku: string;
  stock: number;
}

describe('donations in, goods out, in the open', () => {
  let stack: Stack;
  const browsers: Browser[] = [];
  let office: Page;
  let anyone: Page;
  let counter: Page;
  let donationId = '';
  let receiptNumber = '';
  let moneyNumber = '';
  const before = new Map<string, number>();

  const items = async (): Promise<Item[]> =>
    (await stack.api<{ items: Item[] }>(stack.user('demo-admin'), 'GET', `/stores/${STORE}/items`)).body
      .items;
  const stockOf = async (sku: string) => (await items()).find((item) => item.sku === sku)?.stock;

  beforeAll(async () => {
    stack = await startStack();
    const open = async (viewport: { width: number; height: number }) => {
      const browser = await launch({ viewport });
      browsers.push(browser);
      return browser.context.newPage();
    };
    office = await open(DESKTOP);
    anyone = await open(PHONE);
    counter = await open(PHONE);
    await signIn(office, stack.baseUrl, 'demo-admin', '/office.html');
    for (const item of await items()) before.set(item.sku, item.stock);
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await stack?.stop();
  });

  const openSection = async () => {
    await office.goto(`${stack.baseUrl}/office.html?visit=${Date.now()}#donations`);
    await office.waitForSelector('body[data-ready="true"] #donation-form');
  };

  it("records a company's gift of two goods into a store and shows its receipt number", async () => {
    // Prepare
    await openSection();
    const form = office.locator('#donation-form');
    await form.locator('select[name="donorKind"]').selectOption('company');
    await form.locator('input[name="donor.name"]').fill(DONOR);
    await form.locator('select[name="storeId"]').selectOption(STORE);
    await expect.poll(() => office.locator('#donation-item option[value="rice-5kg"]').count()).toBe(1);

    // Act: first without values, then with them (rice at ¥45.5, oil at ¥68)
    await office.locator('#donation-item').selectOption('rice-5kg');
    await office.locator('#donation-add-line').click();
    await office.locator('#donation-item').selectOption('oil-5l');
    await office.locator('#donation-add-line').click();
    await form.locator('button[type="submit"]').click();
    await expect
      .poll(() => office.locator('tr[data-sku="rice-5kg"] .line-problem').textContent())
      .toContain('数量请填 1 以上的整数');
    await office.locator('tr[data-sku="rice-5kg"] input[name="qty"]').fill('20');
    await office.locator('tr[data-sku="rice-5kg"] input[name="unitValue"]').fill('45.5');
    await office.locator('tr[data-sku="oil-5l"] input[name="qty"]').fill('10');
    await office.locator('tr[data-sku="oil-5l"] input[name="unitValue"]').fill('68');
    expect(await office.locator('#donation-lines-total').textContent()).toBe('估价合计：1,590.00 元');
    await screenshot(office, 'donations-intake-desktop');
    await form.locator('button[type="submit"]').click();

    // Assess: numbered; in the register; the goods in the store's stock
    const recorded = office.locator('#donation-receipt-number');
    await expect
      .poll(() => recorded.textContent(), { timeout: 20_000 })
      .toMatch(/^已登记，收据编号 [A-Z]{2,6}-JZ-\d{4}-\d{6}$/);
    receiptNumber = ((await recorded.textContent()) ?? '').replace('已登记，收据编号 ', '');
    donationId =
      (await office.locator('#donation-recorded [data-donation]').getAttribute('data-donation')) ?? '';
    expect(donationId).not.toBe('');
    const row = office.locator(`#donations-list li[data-donation="${donationId}"]`);
    await expect.poll(() => row.locator('.donation-number').textContent()).toBe(receiptNumber);
    expect(await row.locator('.donation-facts').textContent()).toContain(
      `${DONOR} · 什川镇爱心超市 · 1,590.00 元`,
    );
    expect(await row.locator('.badge').textContent()).toBe('有效');
    expect(await stockOf('rice-5kg')).toBe((before.get('rice-5kg') ?? 0) + 20);
    expect(await stockOf('oil-5l')).toBe((before.get('oil-5l') ?? 0) + 10);
    // The form is empty again for the next one
    expect(await office.locator('#donation-lines tr').count()).toBe(0);

    // Assess: the register read afresh from the server has it too
    await openSection();
    await expect
      .poll(() => office.locator(`#donations-list li[data-donation="${donationId}"]`).count())
      .toBe(1);
  });

  it('prints the receipt with the goods in yuan and the thank-you letter, both on A4', async () => {
    // Act
    await office.locator(`#donations-list li[data-donation="${donationId}"] a[data-print="receipt"]`).click();
    await office.waitForSelector('body[data-ready="true"] #donation-receipt');

    // Assess: the receipt
    expect(await office.locator('#donation-number').textContent()).toBe(`编号：${receiptNumber}`);
    expect(await office.locator('#donation-donor').textContent()).toBe(DONOR);
    expect(await office.locator('#donation-store').textContent()).toBe('什川镇爱心超市');
    const lines = await office.locator('#donation-goods tbody tr').allTextContents();
    expect(lines).toEqual(['大米 5kg2045.50910.00', '食用油 5L1068.00680.00']);
    expect(await office.locator('#donation-total').textContent()).toBe('1,590.00');
    await expect
      .poll(() => office.locator('#donation-organisation').textContent())
      .toContain('皋兰县志愿服务中心');
    await office.emulateMedia({ media: 'print' });
    await screenshot(office, 'donation-receipt-print');
    expect(await office.locator('.top').isVisible()).toBe(false);
    expect(await office.locator('#donation-print').isVisible()).toBe(false);
    await office.emulateMedia({ media: 'screen' });

    // Act: the letter, from the receipt's own links
    await office.locator('.view-links a', { hasText: '感谢信' }).click();
    await office.waitForSelector('body[data-ready="true"] #donation-letter');

    // Assess
    expect(await office.locator('#letter-greeting').textContent()).toBe(`尊敬的${DONOR}：`);
    const body = (await office.locator('#letter-body').textContent()) ?? '';
    expect(body).toMatch(/^您于\d{4}年\d{1,2}月\d{1,2}日向皋兰县志愿服务中心捐赠/);
    expect(body).toContain('大米 5kg × 20、食用油 5L × 10，估价合计人民币 1,590.00 元');
    await screenshot(office, 'donation-letter-desktop');
    const pdf = await office.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  });

  it("shows the gift's goods in the store's stock history as 捐赠入库", async () => {
    // Act
    await office.goto(`${stack.baseUrl}/office.html#stores`);
    await office.locator('[role="tab"]', { hasText: '什川镇爱心超市' }).click();
    await office.locator('tr[data-sku="rice-5kg"] button[data-history]').click();

    // Assess
    const newest = office.locator('#stock-history li.recent').first();
    await expect.poll(() => newest.textContent()).toContain('捐赠入库 +20');
  });

  it('records a money gift from a person, printed with its amount in capitals, and a purchase with its invoice', async () => {
    // Act: ¥1,234.50 from 张建华
    await openSection();
    const form = office.locator('#donation-form');
    await form.locator('input[name="kind"][value="money"]').check();
    expect(await office.locator('#donation-goods').isVisible()).toBe(false);
    await form.locator('select[name="donorKind"]').selectOption('person');
    await form.locator('input[name="donor.name"]').fill('张建华');
    await form.locator('input[name="amountFen"]').fill('1,234.5');
    await form.locator('button[type="submit"]').click();
    const recorded = office.locator('#donation-receipt-number');
    await expect.poll(() => recorded.textContent()).toMatch(/^已登记，收据编号 [A-Z]{2,6}-JZ-\d{4}-\d{6}$/);
    moneyNumber = ((await recorded.textContent()) ?? '').replace('已登记，收据编号 ', '');
    await office.locator('#donation-recorded a[data-print="receipt"]').click();
    await office.waitForSelector('body[data-ready="true"] #donation-receipt');

    // Assess: the receipt in yuan and in capitals, no goods table
    expect(await office.locator('#donation-amount').textContent()).toBe('1,234.50 元');
    expect(await office.locator('#donation-capital').textContent()).toBe('壹仟贰佰叁拾肆元伍角整');
    expect(await office.locator('#donation-goods').count()).toBe(0);

    // Act: 100 bars of soap bought from the county's supply cooperative at ¥2.5, the invoice's amount left to the lines
    await openSection();
    await form.locator('input[name="kind"][value="purchase"]').check();
    expect(await office.locator('#donation-donor').isVisible()).toBe(false);
    await form.locator('select[name="storeId"]').selectOption(STORE);
    await expect.poll(() => office.locator('#donation-item option[value="soap"]').count()).toBe(1);
    await office.locator('#donation-item').selectOption('soap');
    await office.locator('#donation-add-line').click();
    await office.locator('tr[data-sku="soap"] input[name="qty"]').fill('100');
    await office.locator('tr[data-sku="soap"] input[name="unitValue"]').fill('2.5');
    await form.locator('input[name="invoice.number"]').fill('04400123');
    await form.locator('input[name="invoice.supplier"]').fill('皋兰县供销社');
    await form.locator('button[type="submit"]').click();

    // Assess: no receipt number (the invoice is its paper), in the register by supplier, in stock
    await expect.poll(() => recorded.textContent()).toBe('采购已登记，物资已入库。');
    expect(await office.locator('#donation-recorded a[data-print="receipt"]').count()).toBe(0);
    const row = office.locator('#donations-list li', { hasText: '皋兰县供销社' });
    expect(await row.locator('.donation-number').textContent()).toBe('04400123');
    expect(await row.locator('.donation-facts').textContent()).toContain(
      '采购 · 皋兰县供销社 · 什川镇爱心超市 · 250.00 元',
    );
    expect(await stockOf('soap')).toBe((before.get('soap') ?? 0) + 100);
  });

  it("shows the month's 公示 to anyone, without signing in: the gift, the store's redemptions and stock, and a CSV", async () => {
    // Prepare: 谭成华 takes three bags of rice at the town's shop counter, the code typed in
    const volunteer = stack.user('demo-volunteer');
    await stack.setBalance(volunteer, 1000);
    const code = await stack.api<{ code: string }>(
      volunteer,
      'POST',
      `/volunteers/${volunteer.volunteerId}/code`,
    );
    expect(code.status).toBe(201);
    await signIn(counter, stack.baseUrl, 'demo-counter', '/counter.html');
    await expect.poll(() => counter.locator('.goods[data-sku="rice-5kg"]').count()).toBe(1);
    await counter.locator('details.manual summary').click();
    await counter.locator('#code-input').fill(code.body.code);
    await counter.locator('#code-form button[type="submit"]').click();
    await counter.locator('#volunteer-name').waitFor();
    for (let bag = 0; bag < 3; bag += 1) await counter.locator('.goods[data-sku="rice-5kg"]').click();
    await counter.locator('#confirm').click();
    await counter.locator('#receipt-body').waitFor();
    expect(await stack.balance(volunteer)).toBe(1000 - 3 * 120);
    const month = chinaMonth();
    const notice = await fetch(`${stack.baseUrl}/v1/disclosure?month=${month}`).then(
      (answer) =>
        answer.json() as Promise<{ stores: { storeId: string; redemptions: number; stockOnHand: number }[] }>,
    );
    const figures = notice.stores.find((store) => store.storeId === STORE);
    const stockNow = (await items()).reduce((sum, item) => sum + item.stock, 0);
    expect(figures?.stockOnHand).toBe(stockNow);
    expect(figures?.redemptions).toBeGreaterThanOrEqual(1);

    // Act: the page from the sign-in page's link, on a phone, signed in as no one
    await anyone.goto(`${stack.baseUrl}/`);
    await anyone.locator('#disclosure-link a').click();
    await anyone.waitForSelector('body[data-ready="true"] .disclosure-sheet');

    // Assess: last month first, then this month chosen
    expect(await anyone.locator('#disclosure-month').inputValue()).toBe(monthBefore(month));
    // Last month's honour roll: the drawn draw's winners by masked name, with the points they won
    const winners = anyone.locator('#disclosure-honour-winners tbody tr');
    await expect.poll(() => winners.count()).toBeGreaterThan(0);
    for (const row of await winners.locator('td').allTextContents()) expect(row).not.toBe('—');
    expect(await winners.first().textContent()).toMatch(/^.\*.*50 分$/);
    await anyone.locator('#disclosure-month').selectOption(month);
    const donations = anyone.locator('#disclosure-donations');
    await donations.waitFor();
    const gift = donations.locator('tbody tr', { hasText: receiptNumber });
    expect(await gift.textContent()).toContain(DONOR);
    expect(await gift.textContent()).toContain('大米 5kg × 20、食用油 5L × 10');
    expect(await gift.textContent()).toContain('1,590.00');
    expect(await gift.getAttribute('data-status')).toBe('recorded');
    // A person who gave is shown by a masked name; the purchase by its supplier
    const money = donations.locator('tbody tr', { hasText: moneyNumber });
    expect(await money.textContent()).toContain('张*华');
    expect(await anyone.locator('#disclosure').textContent()).not.toContain('张建华');
    expect(
      await anyone.locator('#disclosure-purchases tbody tr', { hasText: '皋兰县供销社' }).textContent(),
    ).toContain('香皂 × 100');
    const store = anyone.locator('#disclosure-stores tbody tr', { hasText: /什川镇爱心超市|shichuan-store/ });
    const cells = await store.locator('td').allTextContents();
    expect(cells[1]).toMatch(new RegExp(`^${figures?.redemptions}`));
    expect(cells.at(-1)).toBe(stockNow.toLocaleString('zh-CN'));
    expect(anyone.url()).toContain(`month=${month}`);
    await screenshot(anyone, 'disclosure-phone');
    expect(
      await anyone.evaluate(
        () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      ),
    ).toBe(true);
    expect(await auditPage(anyone)).toEqual([]);

    // Act: the CSV
    const downloading = anyone.waitForEvent('download');
    await anyone.locator('#disclosure-csv').click();
    const csv = readFileSync((await (await downloading).path()) ?? '', 'utf8');

    // Assess
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(DONOR);
    expect(csv).toContain(receiptNumber);
  });

  it("says where the gift went, for the donation and for the donor: the store's older stock went out first", async () => {
    // Act: the donation's 捐赠去向 from the register
    await openSection();
    await office.locator(`#donations-list li[data-donation="${donationId}"] a[data-print="report"]`).click();
    await office.waitForSelector('body[data-ready="true"] #donation-report');

    // Assess: the three bags taken came from the rice on the shelf before the gift (first in, first out)
    const figures = async () =>
      Object.fromEntries(
        await office
          .locator('#where-figures dd')
          .evaluateAll((cells) => cells.map((cell) => [cell.getAttribute('data-figure'), cell.textContent])),
      );
    expect(await figures()).toMatchObject({
      received: '30 件',
      redeemed: '0 件',
      onShelf: '30 件',
      writeoff: '0 件',
    });
    expect(await office.locator('#where-on-shelf tbody tr').allTextContents()).toEqual([
      '什川镇爱心超市大米 5kg20',
      '什川镇爱心超市食用油 5L10',
    ]);
    expect(await office.locator('#where-none-redeemed').textContent()).toBe('还没有兑换出去的。');

    // Act: the donor's report across their gifts
    await openSection();
    await office.locator(`#donations-list li[data-donation="${donationId}"] a[data-print="donor"]`).click();
    await office.waitForSelector('body[data-ready="true"] #donation-report');

    // Assess
    expect(await office.locator('#report-donor').textContent()).toBe(`捐赠方：${DONOR}`);
    expect(await office.locator('.report-donations li').allTextContents()).toEqual([
      expect.stringContaining(`${receiptNumber} · `),
    ]);
    expect(await figures()).toMatchObject({ received: '30 件', onShelf: '30 件' });
    await screenshot(office, 'donation-donor-report-desktop');
  });

  it('voids the gift with a reason after a confirm step; the register, the receipt and the 公示 say 作废', async () => {
    // Prepare
    await openSection();
    const row = office.locator(`#donations-list li[data-donation="${donationId}"]`);
    await row.locator('button[data-action="void"]').click();

    // Act: no reason first, then one, then confirmed
    await office.locator('#donation-void-form button[type="submit"]').click();
    expect(await office.locator('#donation-void-problem').textContent()).toBe('请写明作废原因。');
    await office.locator('#donation-void-reason').fill('登记错了门店，应入流动超市');
    await office.locator('#donation-void-form button[type="submit"]').click();
    expect(await office.locator('#donation-void-question').textContent()).toContain(
      `确认作废 ${receiptNumber}？`,
    );
    expect(await stockOf('oil-5l')).toBe((before.get('oil-5l') ?? 0) + 10);
    await office.locator('#donation-void-yes').click();

    // Assess: marked, with its reason; its goods still on the shelf taken back; the number kept
    await expect.poll(() => row.locator('.badge').textContent()).toBe('作废');
    expect(await row.locator('.donation-void-reason').textContent()).toBe(
      '作废原因：登记错了门店，应入流动超市',
    );
    expect(await row.locator('.donation-number').textContent()).toBe(receiptNumber);
    expect(await stockOf('oil-5l')).toBe(before.get('oil-5l'));
    expect(await stockOf('rice-5kg')).toBe((before.get('rice-5kg') ?? 0) - 3);
    await screenshot(office, 'donations-voided-desktop');
    expect(await auditPage(office)).toEqual([]);

    // Assess: the receipt prints marked 作废
    await office.goto(`${stack.baseUrl}/donation.html?id=${encodeURIComponent(donationId)}&view=receipt`);
    await office.waitForSelector('body[data-ready="true"] #donation-receipt');
    expect(await office.locator('#donation-voided .revoked-word').textContent()).toBe('作废');
    expect(await office.locator('#donation-voided').textContent()).toContain('登记错了门店，应入流动超市');

    // Assess: and the public notice
    await anyone.goto(`${stack.baseUrl}/disclosure.html?month=${chinaMonth()}`);
    const gift = anyone.locator('#disclosure-donations tbody tr', { hasText: receiptNumber });
    await gift.waitFor();
    expect(await gift.getAttribute('data-status')).toBe('voided');
    expect(await gift.locator('.voided-word').textContent()).toBe('作废');
  });

  it('lets the office take the honour roll off the 公示 and put it back, at once', async () => {
    // Prepare: the roll as anyone reads last month's notice (read past any browser cache)
    const rollShown = async () => {
      const answer = await fetch(`${stack.baseUrl}/v1/disclosure?month=${monthBefore(chinaMonth())}`);
      return 'honourRoll' in ((await answer.json()) as Record<string, unknown>);
    };
    await openSection();
    const box = office.locator('#disclosure-honour-roll');
    const status = office.locator('#disclosure-honour-roll-status');
    await expect.poll(() => box.isDisabled()).toBe(false);
    expect(await box.isChecked()).toBe(true);
    expect(await rollShown()).toBe(true);

    // Act: switched off
    await box.uncheck();

    // Assess
    await expect.poll(() => status.textContent()).toBe('已保存');
    expect(await rollShown()).toBe(false);
    await anyone.goto(
      `${stack.baseUrl}/disclosure.html?month=${monthBefore(chinaMonth())}&visit=${Date.now()}`,
    );
    await anyone.waitForSelector('body[data-ready="true"] #disclosure-stores');

    // Act: on again
    await box.check();

    // Assess
    await expect.poll(() => box.isDisabled()).toBe(false);
    expect(await box.isChecked()).toBe(true);
    expect(await rollShown()).toBe(true);
    expect(await auditPage(office)).toEqual([]);
  });

  it('refuses to void a gift whose goods are no longer on the shelf, naming the item and what is left', async () => {
    // Prepare: 5 packs of salt given, then the shelf written down to 3 (given out or spoiled)
    const admin = stack.user('demo-admin');
    const gift = await stack.api<{ donationId: string; receiptNumber: string }>(admin, 'POST', '/donations', {
      body: {
        kind: 'donation',
        storeId: STORE,
        receivedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
        donor: { kind: 'unit', name: '什川镇中心小学' },
        lines: [{ sku: 'salt', qty: 5, unitValueFen: 300 }],
      },
      idempotencyKey: `e2e-salt-${Date.now()}`,
    });
    expect(gift.status).toBe(201);
    const salt = (await stockOf('salt')) ?? 0;
    const down = await stack.api(admin, 'POST', `/stores/${STORE}/items/salt/stock`, {
      body: { delta: 3 - salt, reason: '受潮报损' },
      idempotencyKey: `e2e-salt-down-${Date.now()}`,
    });
    expect(down.status).toBe(200);
    await openSection();
    const row = office.locator(`#donations-list li[data-donation="${gift.body.donationId}"]`);
    await row.locator('button[data-action="void"]').click();

    // Act
    await office.locator('#donation-void-reason').fill('登记重复');
    await office.locator('#donation-void-form button[type="submit"]').click();
    await office.locator('#donation-void-yes').click();

    // Assess: said in words, nothing changed
    await expect
      .poll(() => office.locator('#donation-void-problem').textContent())
      .toBe('这批物资已有一部分兑换或调走，食盐 现在只剩 3 件，不够冲回，不能作废。请先核对库存。');
    expect(await row.locator('.badge').textContent()).not.toBe('作废');
    expect(await stockOf('salt')).toBe(3);
    const record = await stack.api<{ status: string }>(admin, 'GET', `/donations/${gift.body.donationId}`);
    expect(record.body.status).toBe('recorded');
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * What the counter says when a redemption cannot go through: each contract error as a Chinese
 * sentence that says what to do next, and the page fixing what it can (a fresh balance, the new
 * price). The codes are typed in here (the camera has its own test); a printed card works too.
 */
describe('counter page: refusals and the other ways to identify a volunteer', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launch({ viewport: PHONE });
    page = await browser.context.newPage();
    await signIn(page, stack.baseUrl, 'demo-counter', '/counter.html');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const freshCode = async (sub: string): Promise<string> => {
    const volunteer = stack.user(sub);
    const issued = await stack.api<{ code: string }>(
      volunteer,
      'POST',
      `/volunteers/${volunteer.volunteerId}/code`,
    );
    expect(issued.status).toBe(201);
    return issued.body.code;
  };

  const openManual = async () => {
    if ((await page.locator('details.manual').getAttribute('open')) === null) {
      await page.locator('details.manual summary').click();
    }
  };

  const typeCode = async (code: string) => {
    await openManual();
    await page.locator('#code-input').fill(code);
    await page.locator('#code-form button[type="submit"]').click();
  };

  const notice = () => page.locator('#notice').textContent();

  it('refuses a basket over the balance with 积分不足，请减少商品, before and after the server is asked', async () => {
    // Prepare: 魏仁科 has 20 points
    await stack.setBalance(stack.user('demo-volunteer-wei'), 20);
    const code = await freshCode('demo-volunteer-wei');
    await typeCode(code);
    await page.locator('#volunteer-name').waitFor();
    expect(await page.locator('#volunteer-name').textContent()).toBe('魏*科');
    expect(await page.locator('#volunteer-balance').textContent()).toBe('20 分');
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/redemptions')) posted.push(request.url());
    });

    // Act: rice costs 120
    await page.locator('.goods[data-sku="rice-5kg"]').click();

    // Assess: the total turns red and the page says what to do, without asking the server
    expect(await page.locator('#over-balance').textContent()).toBe('积分不足，请减少商品。');
    expect(await page.locator('#basket-total').getAttribute('class')).toContain('over');
    await screenshot(page, 'counter-insufficient-phone');
    await page.locator('#confirm').click();
    expect(await notice()).toContain('积分不足，请减少商品');
    expect(posted).toEqual([]);

    // Act: a towel (15) fits 20, but 魏仁科 spends 8 elsewhere meanwhile
    await page.locator('.basket-line[data-sku="rice-5kg"] .step').first().click();
    await page.locator('.goods[data-sku="towel"]').click();
    const elsewhere = await stack.api(
      stack.user('demo-counter'),
      'POST',
      '/stores/shichuan-store/redemptions',
      {
        body: {
          code: await freshCode('demo-volunteer-wei'),
          items: [{ sku: 'soap', qty: 1, pricePoints: 8 }],
        },
        idempotencyKey: 'e2e-elsewhere-1',
      },
    );
    expect(elsewhere.status).toBe(201);
    await page.locator('#confirm').click();

    // Assess: the server's INSUFFICIENT_POINTS, in Chinese, and the fresh balance
    await expect.poll(notice).toContain('积分不足，请减少商品');
    await expect.poll(() => page.locator('#volunteer-balance').textContent()).toBe('12 分');
    expect(posted).toHaveLength(1);
  });

  it('shows the new price after PRICE_CHANGED, then redeems at it', async () => {
    // Prepare: salt (5) in the basket, then the office raises its price to 6
    await page.locator('.basket-line[data-sku="towel"] .step').first().click();
    await page.locator('.goods[data-sku="salt"]').click();
    const put = await stack.api(stack.user('demo-admin'), 'PUT', '/stores/shichuan-store/items/salt', {
      body: { name: '食盐', pricePoints: 6 },
    });
    expect(put.status).toBe(200);

    // Act
    await page.locator('#confirm').click();

    // Assess
    await expect.poll(notice).toContain('商品价格有变动');
    await expect
      .poll(() => page.locator('.basket-line[data-sku="salt"] .price-changed').textContent())
      .toBe('价格已变：原 5 分，现 6 分');
    expect(await page.locator('#basket-total strong').textContent()).toBe('6 分');

    // Act: confirm at the new price
    await page.locator('#confirm').click();
    await page.locator('#receipt-body').waitFor();
    expect(await page.locator('#receipt-balance').textContent()).toBe('6 分');
  });

  it('asks for a fresh code when a code was already used (CODE_USED)', async () => {
    // Prepare: a code spent by a redemption
    const code = await freshCode('demo-volunteer-wei');
    const spent = await stack.api(stack.user('demo-counter'), 'POST', '/stores/shichuan-store/redemptions', {
      body: { code, items: [{ sku: 'salt', qty: 1, pricePoints: 6 }] },
      idempotencyKey: 'e2e-spend-code',
    });
    expect(spent.status).toBe(201);
    await page.locator('#receipt-body button.primary').click();

    // Act
    await typeCode(code);

    // Assess
    await expect.poll(notice).toContain('请志愿者刷新二维码后重新扫码');
  });

  it('identifies a volunteer by printed card number and PIN', async () => {
    // Prepare
    const card = stack.seeded.card;
    expect(card).toBeDefined();

    // Act
    await openManual();
    await page.locator('#card-input').fill(card?.cardNumber ?? '');
    await page.locator('#pin-input').fill(card?.pin ?? '');
    await page.locator('#card-form button[type="submit"]').click();

    // Assess
    await page.locator('#volunteer-name').waitFor();
    expect(await page.locator('#volunteer-name').textContent()).toBe('谭*华');
  });
});

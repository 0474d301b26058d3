import { spawnSync } from 'node:child_process';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/local/server';
import { auditPage } from './support/accessibility';
import { type Browser, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

interface Balance {
  balance: number;
  held?: number;
}

interface StoreItems {
  items: { sku: string; stock: number }[];
}

/** "6200 0000 0011": a card number as printed, in groups of four. */
const grouped = (digits: string): string => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

/**
 * The mobile shop's counter on a 360 px phone, with the signal coming and going: the van's counter
 * opens a trip for 文山村 and 南庄村 (each volunteer's allowance held), downloads the pack, loses the
 * signal, sells three baskets by card and PIN checked on the phone, is reloaded with no network
 * (the service worker opens the page, IndexedDB keeps the queue), syncs when the signal is back,
 * closes the trip with the goods counted back (账物相符), and the books balance (`npm run audit`).
 */
describe('trip page: the van offline', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const cards = new Map<string, string>();

  beforeAll(async () => {
    stack = await startStack();
    const admin = stack.user('demo-admin');
    // 谭成华 and 魏仁科 (文山村) with known balances and printed cards with their own PINs.
    for (const [sub, points, pin] of [
      ['demo-volunteer', 500, '2580'],
      ['demo-volunteer-wei', 300, '3691'],
    ] as const) {
      const volunteer = stack.user(sub);
      await stack.setBalance(volunteer, points);
      const card = await stack.api<{ cardNumber: string }>(
        admin,
        'PUT',
        `/volunteers/${volunteer.volunteerId}/card`,
        { body: { pin } },
      );
      expect(card.status, JSON.stringify(card.body)).toBeLessThan(300);
      cards.set(sub, card.body.cardNumber);
    }
    browser = await launch({ viewport: PHONE });
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const balanceOf = async (sub: string): Promise<Balance> => {
    const volunteer = stack.user(sub);
    const answer = await stack.api<Balance>(volunteer, 'GET', `/volunteers/${volunteer.volunteerId}/balance`);
    expect(answer.status).toBe(200);
    return { balance: answer.body.balance, held: answer.body.held ?? 0 };
  };

  /** Card and PIN at the van, then the goods tapped into the basket and 记账. */
  async function sell(sub: string, pin: string, goods: string[]): Promise<void> {
    await page.locator('#trip-card').fill(grouped(cards.get(sub) ?? ''));
    await page.locator('#trip-pin').fill(pin);
    await page.locator('#trip-card-submit').click();
    await page.locator('#trip-volunteer-name').waitFor({ timeout: 30_000 });
    for (const sku of goods) await page.locator(`.goods[data-sku="${sku}"]`).click();
    await page.locator('#trip-record').click();
    await page.locator('#trip-receipt-body').waitFor();
  }

  it('opens a trip, sells three baskets offline, keeps them across a reload with no network, syncs them once, closes 账物相符, and the books balance', async () => {
    // Prepare: the van's counter, from its counter page to the trip page
    const tan = await balanceOf('demo-volunteer');
    const wei = await balanceOf('demo-volunteer-wei');
    expect([tan.balance, wei.balance]).toEqual([500, 300]);
    await signIn(page, stack.baseUrl, 'demo-counter-mobile', '/counter.html');
    await page.locator('#trip-link a').click();
    await page.waitForURL('**/trip.html');
    await page.waitForSelector('body[data-ready="true"]');
    await expect
      .poll(() => page.locator('#shell-cached').textContent(), { timeout: 30_000 })
      .toContain('没有信号也能打开');
    expect(await page.locator('#net-badge').textContent()).toBe('在线');

    // Act: open a trip for 文山村 and 南庄村
    await page.locator('#open-form input[name="village"]').first().waitFor();
    for (const box of await page.locator('#open-form input[name="village"]').all()) {
      await box.setChecked(['wenshan', 'nanzhuang'].includes((await box.getAttribute('value')) ?? ''));
    }
    await screenshot(page, 'trip-open-phone');
    await page.locator('#open-button').click();
    await page.locator('#trip-title').waitFor({ timeout: 30_000 });

    // Assess: the holds are placed (the whole balance, under the daily cap) and the pack is here
    expect(await balanceOf('demo-volunteer')).toEqual({ balance: 0, held: 500 });
    expect(await balanceOf('demo-volunteer-wei')).toEqual({ balance: 0, held: 300 });
    expect(await page.locator('#trip-title').textContent()).toContain('流动爱心超市1号');
    const { trips } = (
      await stack.api<{ trips: { id: string; status: string; openedAt: string }[] }>(
        stack.user('demo-counter-mobile'),
        'GET',
        '/trips?limit=5',
      )
    ).body;
    const tripId = trips[0]?.id ?? '';
    const openedAt = trips[0]?.openedAt ?? '';
    expect(trips[0]?.status).toBe('open');

    // Assess: the paper roster lists the route's volunteers with their printed cards, and prints alone
    await page.locator('.tab[data-mode="roster"]').click();
    const roster = page.locator('#trip-roster');
    await roster.waitFor();
    expect(await roster.locator('tbody tr').count()).toBe(7);
    expect(await roster.textContent()).toContain(grouped(cards.get('demo-volunteer') ?? ''));
    expect(await roster.locator('th').allTextContents()).toContain('签字');
    const tanLine = Number(await roster.locator('tbody tr', { hasText: '谭*华' }).getAttribute('data-line'));
    expect(tanLine).toBeGreaterThan(0);
    await page.evaluate(() => {
      document.body.dataset.print = 'roster';
    });
    await page.emulateMedia({ media: 'print' });
    expect(await roster.isVisible()).toBe(true);
    expect(await page.locator('#trip-status').isVisible()).toBe(false);
    expect(await page.locator('#trip-head').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => {
      delete document.body.dataset.print;
    });
    await page.locator('.tab[data-mode="sell"]').click();
    await page.locator('#trip-card').waitFor();

    // Act: the signal goes. While offline nothing but the API may reach the network, the service
    // worker's own requests included (Playwright's offline switch does not cover workers).
    const workerRequests: string[] = [];
    const noNetwork = async (route: Route) => {
      if (route.request().serviceWorker() !== null) workerRequests.push(route.request().url());
      await route.abort('internetdisconnected');
    };
    await browser.context.setOffline(true);
    await browser.context.route('**/*', noNetwork);
    await expect.poll(() => page.locator('#net-badge').textContent()).toBe('离线');

    // Act: three baskets by card and PIN, one wrong PIN on the way
    await page.locator('#trip-card').fill(cards.get('demo-volunteer') ?? '');
    await page.locator('#trip-pin').fill('1470');
    await page.locator('#trip-card-submit').click();
    await expect.poll(() => page.locator('#notice').textContent(), { timeout: 30_000 }).toContain('密码不对');
    await sell('demo-volunteer', '2580', ['towel', 'towel']);
    expect(await page.locator('#trip-receipt-body').textContent()).toContain('待同步');
    await sell('demo-volunteer-wei', '3691', ['rice-5kg']);
    await page.locator('#trip-card').fill(cards.get('demo-volunteer') ?? '');
    await page.locator('#trip-pin').fill('2580');
    await page.locator('#trip-card-submit').click();
    await page.locator('#trip-volunteer-name').waitFor({ timeout: 30_000 });
    // 谭*华's 可用 counts the basket still queued on the phone: 500 − 30
    expect(await page.locator('#trip-available').textContent()).toBe('470 分');
    await page.locator('.goods[data-sku="toothpaste"]').click();
    await screenshot(page, 'trip-basket-phone');
    await page.locator('#trip-record').click();
    await page.locator('#trip-receipt-body').waitFor();

    // Assess: 离线, three receipts 待同步, nothing has reached the server
    expect(await page.locator('#net-badge').textContent()).toBe('离线');
    expect(await page.locator('.trip-basket[data-status="queued"]').count()).toBe(3);
    expect(await page.locator('#queue-count').textContent()).toBe('待同步 3 笔');
    expect(await balanceOf('demo-volunteer')).toEqual({ balance: 0, held: 500 });
    await screenshot(page, 'trip-offline-phone');

    // Act: the page reloaded with no network at all
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });

    // Assess: the service worker opened it, IndexedDB kept the queue
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(workerRequests.some((url) => url.endsWith('/trip.html'))).toBe(true);
    await page.locator('.trip-basket').first().waitFor();
    expect(await page.locator('#net-badge').textContent()).toBe('离线');
    expect(await page.locator('.trip-basket[data-status="queued"]').count()).toBe(3);
    expect(await page.locator('#trip-basket-list').textContent()).toContain('谭*华');

    // Act: the signal is back; the queue goes up by itself
    await browser.context.unroute('**/*', noNetwork);
    await browser.context.setOffline(false);
    await expect
      .poll(() => page.locator('.trip-basket[data-status="settled"]').count(), { timeout: 60_000 })
      .toBe(3);

    // Assess: all three settled once, against the holds
    expect(await page.locator('#net-badge').textContent()).toBe('在线');
    expect(await page.locator('#sync-progress').textContent()).toBe('已同步 3 / 共 3');
    expect(await balanceOf('demo-volunteer')).toEqual({ balance: 0, held: 500 - 42 });
    expect(await balanceOf('demo-volunteer-wei')).toEqual({ balance: 0, held: 300 - 120 });

    // Act: a second sync changes nothing
    await page.locator('#sync-button').click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain('没有待同步');
    expect(await balanceOf('demo-volunteer')).toEqual({ balance: 0, held: 458 });

    // Act: a line of the paper roster entered afterwards (谭*华 took a towel), then the same line again
    await page.locator('.tab[data-mode="paper"]').click();
    await page.locator('#paper-line').fill(String(tanLine));
    await page.locator('#paper-find').click();
    expect(await page.locator('#trip-volunteer-name').textContent()).toBe('谭*华');
    await page.locator('.goods[data-sku="towel"]').click();
    await page.locator('#trip-record').click();
    await expect
      .poll(() => page.locator('.trip-basket[data-status="settled"]').count(), { timeout: 30_000 })
      .toBe(4);
    await page.locator('#paper-line').fill(String(tanLine));
    await page.locator('#paper-find').click();
    await expect.poll(() => page.locator('#notice').textContent()).toContain(`第 ${tanLine} 行已经录入过`);
    const paperKey = await page.locator('.trip-basket').first().getAttribute('data-key');
    const again = await stack.api<{ pointsSpent: number }>(
      stack.user('demo-counter-mobile'),
      'POST',
      `/trips/${tripId}/baskets`,
      {
        body: {
          volunteerId: stack.user('demo-volunteer').volunteerId,
          items: [{ sku: 'towel', qty: 1 }],
          pointsSpent: 15,
          recordedAt: openedAt,
          via: 'paper',
        },
        idempotencyKey: paperKey ?? '',
      },
    );

    // Assess: settled once via paper; the same line sent again (another phone) answers as the first time
    expect(paperKey).toMatch(/^paper-/);
    expect(again.status).toBe(201);
    expect(await balanceOf('demo-volunteer')).toEqual({ balance: 0, held: 458 - 15 });

    // Act: close the trip with what came back (prefilled: out − redeemed)
    await page.locator('.tab[data-mode="close"]').click();
    await page.locator('#close-form').waitFor();
    expect(await page.locator('#returned-towel').inputValue()).toBe('17');
    expect(await page.locator('#returned-rice-5kg').inputValue()).toBe('5');
    expect(await auditPage(page)).toEqual([]);
    await page.locator('#close-button').click();
    await page.locator('#trip-reconciliation').waitFor({ timeout: 60_000 });

    // Assess: 账物相符 on the page, every item 相符; every rest given back; the van's stock counted
    expect(await page.locator('#reconcile-result').textContent()).toContain('账物相符');
    const verdicts = await page.locator('#reconcile-goods .verdict').allTextContents();
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((verdict) => verdict === '相符')).toBe(true);
    expect(await page.locator('#reconcile-points .verdict').textContent()).toBe('相符');
    await screenshot(page, 'trip-reconciliation-phone');
    expect(await balanceOf('demo-volunteer')).toEqual({ balance: 443, held: 0 });
    expect(await balanceOf('demo-volunteer-wei')).toEqual({ balance: 180, held: 0 });
    const trip = await stack.api<{ status: string; reconciliation?: { balanced: boolean } }>(
      stack.user('demo-admin'),
      'GET',
      `/trips/${tripId}`,
    );
    expect(trip.body).toMatchObject({ status: 'closed', reconciliation: { balanced: true } });
    const items = await stack.api<StoreItems>(stack.user('demo-admin'), 'GET', '/stores/mobile-1/items');
    expect(items.body.items.find((item) => item.sku === 'towel')?.stock).toBe(17);
    expect(items.body.items.find((item) => item.sku === 'rice-5kg')?.stock).toBe(5);

    // Assess: the books balance (npm run audit against this stack's table)
    const audit = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit.ts', '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DYNAMODB_ENDPOINT: inject('dynamoEndpoint'), TABLE_NAME: stack.tableName },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const report = JSON.parse(audit.stdout) as { ok: boolean; problems: unknown[] };
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(audit.status).toBe(0);
  });

  it("the office revokes a lost phone's trip from the store's 出车记录: it ends, and every hold goes back", async () => {
    // Prepare: a trip of the van to 文山村, opened through the API (the phone that would sell is lost)
    const counter = stack.user('demo-counter-mobile');
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const key = `lost-phone-${Date.now()}`;
    let opened = { status: 0, body: { id: '' } };
    for (let round = 0; round < 30 && opened.status !== 201; round += 1) {
      opened = await stack.api<{ id: string }>(counter, 'POST', '/trips', {
        body: { storeId: 'mobile-1', date: today, villages: ['wenshan'] },
        idempotencyKey: key,
      });
    }
    expect(opened.status).toBe(201);
    const held = await balanceOf('demo-volunteer');
    expect(held.held).toBeGreaterThan(0);

    // Act: the office finds it under the van's 出车记录 and revokes it with a reason
    const office = await browser.context.newPage();
    await signIn(office, stack.baseUrl, 'demo-admin', '/office.html');
    await office.goto(`${stack.baseUrl}/office.html#stores`);
    await office.locator('[role="tab"]', { hasText: '流动爱心超市1号' }).click();
    const row = office.locator(`#office-trips tr[data-trip="${opened.body.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('td').nth(2).textContent()).toContain('在外');
    office.once('dialog', (dialog) => void dialog.accept());
    await row.locator('input[name="reason"]').fill('手机丢失');
    await row.locator('button[type="submit"]').click();

    // Assess: the trip is revoked, the page says so, the points are back and spendable
    await expect
      .poll(
        () => office.locator(`#office-trips tr[data-trip="${opened.body.id}"]`).getAttribute('data-status'),
        {
          timeout: 30_000,
        },
      )
      .toBe('revoked');
    expect(await office.locator(`#office-trips tr[data-trip="${opened.body.id}"]`).textContent()).toContain(
      '手机丢失',
    );
    expect(await balanceOf('demo-volunteer')).toEqual({ balance: held.balance + (held.held ?? 0), held: 0 });
    const pack = await stack.api(counter, 'GET', `/trips/${opened.body.id}/pack`);
    expect(pack.status).toBe(409);
    await office.close();
  });
});

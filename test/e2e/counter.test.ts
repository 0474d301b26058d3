import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';
import { writeQrVideo } from './support/y4m';

interface LedgerPage {
  entries: { kind: string; amount: number; balanceAfter: number }[];
}

/**
 * The counter on a 360 px phone, from the camera to the receipt and a void. The volunteer's real
 * code is painted into a Y4M video that Chromium's fake camera plays, and the page's own scanner
 * (the ZXing polyfill: desktop Linux Chromium has no native BarcodeDetector) reads it.
 */
describe('counter page', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const videoDir = mkdtempSync(join(tmpdir(), 'aixin-e2e-video-'));

  beforeAll(async () => {
    stack = await startStack();
    const volunteer = stack.user('demo-volunteer');
    // The code is issued now and lives 120 s: the whole flow below runs well inside that.
    const issued = await stack.api<{ code: string }>(
      volunteer,
      'POST',
      `/volunteers/${volunteer.volunteerId}/code`,
    );
    expect(issued.status).toBe(201);
    const video = join(videoDir, 'qr.y4m');
    writeQrVideo(issued.body.code, video);
    browser = await launch({
      viewport: PHONE,
      args: [
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(videoDir, { recursive: true, force: true });
  });

  it('scans the QR code from the camera, charges one basket once despite a lost answer and a double tap, shows the receipt, and voids it', async () => {
    // Prepare
    const volunteer = stack.user('demo-volunteer');
    const wasmRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('.wasm')) wasmRequests.push(request.url());
    });
    const before = await stack.balance(volunteer);
    const points = (value: number) => `${value.toLocaleString('zh-CN')} 分`;
    await signIn(page, stack.baseUrl, 'demo-counter', '/counter.html');
    await expect.poll(() => page.locator('.goods').count()).toBeGreaterThan(5);
    expect(wasmRequests).toEqual([]);

    // Act: scan
    await page.locator('#scan-button').click();
    await page.locator('#volunteer-name').waitFor({ timeout: 30_000 });

    // Assess: the masked name and the balance; the .wasm came from our own origin
    expect(await page.locator('#volunteer-name').textContent()).toBe('谭*华');
    expect(await page.locator('#volunteer-balance').textContent()).toBe(points(before));
    expect(wasmRequests.length).toBeGreaterThan(0);
    expect(wasmRequests.every((url) => url.startsWith(`${stack.baseUrl}/assets/`))).toBe(true);

    // Act: a basket of two towels and a toothpaste
    await page.locator('.goods[data-sku="towel"]').click();
    await page.locator('.goods[data-sku="towel"]').click();
    await page.locator('.goods[data-sku="toothpaste"]').click();
    expect(await page.locator('#basket-total strong').textContent()).toBe('42 分');

    // The first answer is lost on the way back (the server did charge): the page retries with the
    // same Idempotency-Key and gets the first answer again.
    const keys: string[] = [];
    let dropped = false;
    await page.route('**/v1/stores/*/redemptions', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      const response = await route.fetch();
      if (!dropped) {
        dropped = true;
        await route.abort('connectionreset');
        return;
      }
      await route.fulfill({ response });
    });
    await page.locator('#confirm').dblclick();
    await page.locator('#receipt-body').waitFor({ timeout: 30_000 });
    await page.unroute('**/v1/stores/*/redemptions');

    // Assess: one key for the basket, one charge, the receipt with the balance after
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    expect(await page.locator('#receipt-spent').textContent()).toBe('42 分');
    expect(await page.locator('#receipt-balance').textContent()).toBe(points(before - 42));
    const ledger = await stack.api<LedgerPage>(
      volunteer,
      'GET',
      `/volunteers/${volunteer.volunteerId}/ledger`,
    );
    expect(ledger.body.entries.filter((entry) => entry.kind === 'redeem')).toHaveLength(1);
    expect(ledger.body.entries[0]).toMatchObject({ kind: 'redeem', amount: -42, balanceAfter: before - 42 });
    await screenshot(page, 'counter-receipt-phone');

    // Act: void it
    await page.locator('#receipt-body details.void summary').click();
    await page.locator('#receipt-body .void-form button[type="submit"]').click();
    await page.locator('#receipt-body .voided-note').waitFor();

    // Assess: the points are back
    expect(await stack.balance(volunteer)).toBe(before);
    expect(await page.locator('#notice').textContent()).toContain('已作废');
    await expect.poll(() => page.locator('.recent.is-voided').count()).toBeGreaterThan(0);
  });
});

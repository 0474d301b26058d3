import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_RULES, auditPage, type Finding } from './support/accessibility';
import { type Browser, DESKTOP, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * Every page as people really use it, on a 360 px phone and on a desktop: a screenshot of each
 * (kept in test-results/screenshots) and the checks of `auditPage` (support/accessibility.ts),
 * failing on any finding: axe-core's own run (pinned in package.json) and our checks of what the
 * product promises beyond it (16 px text, 44 px targets for elderly users).
 */
const OFFICE_SECTIONS = [
  'approvals',
  'enter-hours',
  'records',
  'adjust',
  'dispatch',
  'enter-order',
  'volunteers',
  'orgs',
  'stores',
  'donations',
  'draws',
  'report',
  'scorecards',
  'staff',
  'activities',
  'activity-calendar',
  'late-entries',
  'corrections',
  'record-entries',
  'certificates',
] as const;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's own run over the page (WCAG 2.x A and AA rules, and its best practices): every violation. */
async function axeFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      help: violation.help,
      targets: violation.nodes.slice(0, 3).map((node) => JSON.stringify(node.target)),
    }));
  });
  return violations.map((violation) => ({
    rule: `axe:${violation.id}`,
    where: violation.targets.join(' '),
    detail: violation.help,
  }));
}

describe('every page at phone and desktop size: no accessibility findings', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const findings = new Map<string, Finding[]>();

  beforeAll(async () => {
    stack = await startStack();
    browser = await launch({ viewport: PHONE });
    page = await browser.context.newPage();
    console.log(`accessibility checks: ${AUDIT_RULES.length} rules\n  ${AUDIT_RULES.join('\n  ')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Nothing left loading in `scope` (a section's lists come after the page is ready). */
  const settled = async (scope = 'main') => {
    await page.waitForSelector('body[data-ready="true"]');
    await expect.poll(() => page.locator(`${scope} .loading:visible`).count(), { timeout: 20_000 }).toBe(0);
    await page.waitForLoadState('networkidle');
  };

  /** Screenshots and checks at both sizes; the findings are kept under `name`. */
  const both = async (name: string) => {
    const found: Finding[] = [];
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(undefined))));
      await screenshot(page, `a11y-${name}-${size}`);
      for (const finding of [...(await auditPage(page)), ...(await axeFindings(page))])
        found.push({ ...finding, detail: `${size}: ${finding.detail}` });
    }
    await page.setViewportSize(PHONE);
    findings.set(name, found);
    expect.soft(found, name).toEqual([]);
  };

  const as = async (sub: string, landing: string) => {
    await page.goto(`${stack.baseUrl}/`);
    await page.evaluate(() => localStorage.clear());
    await signIn(page, stack.baseUrl, sub, landing);
  };

  it('the sign-in page, activation, and the resident’s request page', async () => {
    await page.goto(`${stack.baseUrl}/`);
    await page.locator('button[data-sub="demo-counter"]').waitFor();
    await both('signin');

    await page.goto(`${stack.baseUrl}/?activate`);
    await settled();
    await both('activate');

    await page.goto(`${stack.baseUrl}/request.html`);
    await settled();
    await both('request');
    await page.goto(`${stack.baseUrl}/request.html#track`);
    await settled();
    await both('request-track');
  });

  it('the counter', async () => {
    await as('demo-counter', '/counter.html');
    await page.locator('.goods[data-sku="towel"]:not([disabled])').waitFor();
    await page.locator('.goods[data-sku="towel"]').click();
    await page.locator('details.manual summary').click();
    await both('counter');
  });

  it('the volunteer’s page and the printable passbook', async () => {
    await as('demo-volunteer-wei', '/volunteer.html');
    await settled();
    await both('volunteer');
    // 我的志愿服务记录 with a correction request being written (its reason box and buttons)
    await page.locator('#my-record-personal').click();
    await page.locator('#my-record-send').click();
    await page.locator('#my-record-reason-problem').waitFor();
    await both('volunteer-record-correction');
    await page.goto(`${stack.baseUrl}/passbook.html`);
    await page.waitForSelector('body[data-ready="true"] .sheet-table');
    await both('passbook');
  });

  it('a certificate printed on A4 and its public check', async () => {
    const wei = stack.user('demo-volunteer-wei');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const made = await stack.api<{ certificateId: string; verifyPath: string }>(
      stack.user('demo-admin'),
      'POST',
      '/certificates',
      {
        body: { volunteerId: wei.volunteerId, from: `${today.slice(0, 4)}-01-01`, to: today },
        idempotencyKey: 'a11y-certificate',
      },
    );
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await as('demo-volunteer-wei', '/volunteer.html');
    await settled();
    await page.goto(`${stack.baseUrl}/certificate.html?id=${made.body.certificateId}`);
    await page.waitForSelector('body[data-ready="true"] #certificate');
    await both('certificate');
    await page.goto(`${stack.baseUrl}${made.body.verifyPath}`);
    await page.waitForSelector('body[data-ready="true"] #verify-result');
    await both('verify');
    // Revoked: the large 已作废 on the paper, and the check's answer; then a link that finds nothing
    const revoked = await stack.api(
      stack.user('demo-admin'),
      'POST',
      `/certificates/${made.body.certificateId}/steps`,
      { body: { action: 'revoke', reason: '服务时长有误' }, idempotencyKey: 'a11y-certificate-revoke' },
    );
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    await page.goto(`${stack.baseUrl}/certificate.html?id=${made.body.certificateId}`);
    await page.waitForSelector('body[data-ready="true"] #certificate-revoked');
    await both('certificate-revoked');
    await page.goto(`${stack.baseUrl}${made.body.verifyPath}`);
    await page.waitForSelector('body[data-ready="true"] #verify-result[data-status="revoked"]');
    await both('verify-revoked');
    await page.goto(`${stack.baseUrl}/verify.html?id=${made.body.certificateId}&code=made-up`);
    await page.waitForSelector('body[data-ready="true"] #verify-result[data-status="unknown"]');
    await both('verify-not-found');
  });

  it('a donation’s receipt, thank-you letter and report on A4, and the public 公示', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const made = await stack.api<{ donationId: string }>(stack.user('demo-admin'), 'POST', '/donations', {
      body: {
        kind: 'donation',
        storeId: 'shichuan-store',
        receivedOn: today,
        donor: { kind: 'company', name: '兰州爱心粮油有限公司' },
        lines: [
          { sku: 'rice-5kg', qty: 10, unitValueFen: 4550 },
          { sku: 'towel', qty: 30, unitValueFen: 850 },
        ],
      },
      idempotencyKey: 'a11y-donation',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await as('demo-admin', '/office.html');
    for (const view of ['receipt', 'letter', 'report'] as const) {
      await page.goto(`${stack.baseUrl}/donation.html?id=${made.body.donationId}&view=${view}`);
      await page.waitForSelector('body[data-ready="true"] .donation-sheet');
      await both(`donation-${view}`);
    }
    await page.goto(`${stack.baseUrl}/disclosure.html?month=${today.slice(0, 7)}`);
    await page.waitForSelector('body[data-ready="true"] .disclosure-sheet');
    await both('disclosure');
  });

  it('every section of the office page, for the county office and for a town coordinator', async () => {
    await as('demo-admin', '/office.html');
    for (const section of OFFICE_SECTIONS) {
      await page.goto(`${stack.baseUrl}/office.html#${section}`);
      await settled('#section');
      await both(`office-${section}`);
    }
    // 培训·表彰·评价 with a volunteer chosen: the entry form and their record below it
    await page.goto(`${stack.baseUrl}/office.html#record-entries`);
    await page.locator('#record-entries-search-q').fill('魏仁科');
    await page.locator('#record-entries-search-form button[type="submit"]').click();
    await page.locator('#record-entries-search-results li[data-volunteer] button').first().click();
    await page.locator('#record-entries-summary').waitFor();
    await settled('#section');
    await both('office-record-entries-chosen');
    await as('demo-coordinator', '/office.html');
    await settled('#section');
    await both('office-coordinator');
    await page.goto(`${stack.baseUrl}/office.html#team-orders`);
    await settled('#section');
    await both('office-team-orders');
  });

  it('explains a refused barcode in Chinese beside the field; a new store and goods need no id typed', async () => {
    // Prepare: the county office's stores; the store tabs are tabs
    await as('demo-admin', '/office.html');
    await page.goto(`${stack.baseUrl}/office.html#stores`);
    await settled('#section');
    expect(await page.locator('[role="tablist"] > [role="tab"]').count()).toBeGreaterThan(1);
    expect(await page.locator('[role="tab"][aria-selected="true"]').count()).toBe(1);

    // A new store is named, never numbered, by the person: the system makes its id.
    const storeForm = page.locator('form', { has: page.locator('input[name="storeId"]') });
    expect(await storeForm.locator('input[name="storeId"]').getAttribute('type')).toBe('hidden');
    expect(await storeForm.locator('input[name="storeId"]').inputValue()).toMatch(/^shop-[a-z2-7]{10}$/);

    const form = page.locator('form', { has: page.locator('input[name="sku"]') });
    const sku = form.locator('input[name="sku"]');
    expect(await sku.getAttribute('required')).toBeNull();

    // Act: a barcode typed with Chinese in it, which the browser refuses first
    await sku.fill('肥皂一号');
    await form.locator('input[name="name"]').fill('测试肥皂');
    await form.locator('input[name="pricePoints"]').fill('3');

    // Assess: the browser's refusal says in Chinese what is allowed
    expect(await sku.evaluate((input: HTMLInputElement) => input.validationMessage)).toContain(
      '只能用英文字母、数字',
    );

    // Act: the same sent to the API (as an older browser without the check would)
    await form.evaluate((element: HTMLFormElement) => {
      element.noValidate = true;
    });
    await sku.evaluate((input: HTMLInputElement) => input.setCustomValidity(''));
    await form.locator('button[type="submit"]').click();

    // Assess: the field says what to change, in Chinese, and the raw path is nowhere
    const beside = form.locator('.field-error');
    await beside.waitFor();
    const sentence = (await beside.textContent()) ?? '';
    expect(sentence).toMatch(/^“商品条码”：.*只能用英文字母、数字.*请改好后再提交。$/);
    expect(await sku.getAttribute('aria-invalid')).toBe('true');
    const notice = (await page.locator('#notice').textContent()) ?? '';
    expect(notice).toContain('商品条码');
    for (const text of [sentence, notice]) expect(text).not.toMatch(/path\.|params\.|body\.|must be|Invalid/);
    await both('office-stores-refused');

    // Act: left empty, the goods go through under an id the system made; the error and banner go
    await sku.fill('');
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('#notice').textContent()).toBe('已保存');
    expect(await page.locator('.field-error').count()).toBe(0);
    await expect.poll(() => page.locator('#section').textContent()).toContain('测试肥皂');
  });

  it('chooses months by Chinese names, and heads the hours chart', async () => {
    await page.goto(`${stack.baseUrl}/office.html#report`);
    await settled('#section');
    expect(await page.locator('#report-month').evaluate((element) => element.tagName)).toBe('SELECT');
    expect(await page.locator('#report-month option:checked').textContent()).toMatch(/^\d{4}年\d{1,2}月$/);
    await expect.poll(() => page.locator('#report-hours-title').count()).toBe(1);
    const next = page.locator('#report-hours-title + ol.chart');
    expect(await next.getAttribute('aria-label')).toContain(
      (await page.locator('#report-hours-title').textContent()) ?? '-',
    );
    // On the phone every chart fits the screen, its label above its bar, at full text size: the
    // report never scrolls sideways (it did, with charts drawn at a fixed 560 px).
    await expect.poll(() => page.locator('#report-trend ol.chart').count()).toBe(3);
    const charts = await page.locator('ol.chart').evaluateAll((lists) =>
      lists.map((list) => {
        const row = list.querySelector('.chart-row');
        const label = row?.querySelector('.chart-label')?.getBoundingClientRect();
        const bar = row?.querySelector('.chart-track')?.getBoundingClientRect();
        return {
          fits:
            list.scrollWidth <= list.clientWidth + 1 &&
            list.getBoundingClientRect().right <= window.innerWidth,
          labelAbove: label !== undefined && bar !== undefined && label.bottom <= bar.top + 1,
          labelPx:
            row === null
              ? 0
              : Number.parseFloat(getComputedStyle(row.querySelector('.chart-label') ?? row).fontSize),
        };
      }),
    );
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const chart of charts) expect(chart).toEqual({ fits: true, labelAbove: true, labelPx: 16 });
    for (const section of ['draws', 'scorecards', 'activities', 'activity-calendar']) {
      await page.goto(`${stack.baseUrl}/office.html#${section}`);
      await settled('#section');
      expect(await page.locator('#section input[type="month"]').count(), section).toBe(0);
    }
    const calendar = page.locator('#calendar-month');
    expect(await calendar.locator('option:checked').textContent()).toMatch(/^\d{4}年\d{1,2}月$/);
  });

  it('prints the passbook to fit a phone, with the county of the deployment in its footer', async () => {
    // Assess: the office prints anyone's; the county is the organisation tree's root
    const wei = stack.user('demo-volunteer-wei');
    await page.goto(`${stack.baseUrl}/passbook.html?volunteer=${wei.volunteerId}`);
    await page.waitForSelector('body[data-ready="true"] .sheet-table');
    await expect
      .poll(() => page.locator('#sheet-foot').textContent())
      .toBe('皋兰县新时代文明实践志愿服务 · 爱心积分');

    // A deployment that names its county in /config.json: that name, for a volunteer too
    await page.route('**/config.json', (route) =>
      route.fulfill({ json: { mode: 'local', apiBase: '/v1', county: '榆中县' } }),
    );
    await as('demo-volunteer-wei', '/volunteer.html');
    await page.goto(`${stack.baseUrl}/passbook.html`);
    await page.waitForSelector('body[data-ready="true"] .sheet-table');
    await expect
      .poll(() => page.locator('#sheet-foot').textContent())
      .toBe('榆中县新时代文明实践志愿服务 · 爱心积分');
    await page.unroute('**/config.json');

    // The sheet fits a 360 px phone: the page does not scroll sideways, nor does the table
    await page.setViewportSize(PHONE);
    const widths = await page.evaluate(() => {
      const table = document.querySelector('.sheet-table') as HTMLElement;
      return {
        page: document.documentElement.scrollWidth,
        screen: document.documentElement.clientWidth,
        table: table.scrollWidth,
        box: table.clientWidth,
      };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    expect(widths.table).toBeLessThanOrEqual(widths.box + 1);
    await both('passbook-printed-county');
  });

  it('takes an error banner away once the same request works again', async () => {
    // Prepare: the volunteer's balance cannot be read (a server error naming its request)
    let failing = true;
    await page.route('**/v1/volunteers/*/balance', (route) =>
      failing
        ? route.fulfill({
            status: 500,
            contentType: 'application/problem+json',
            json: {
              status: 500,
              code: 'INTERNAL',
              title: 'Internal error',
              detail: 'x',
              requestId: 'e2e-req-42',
            },
          })
        : route.continue(),
    );
    await page.clock.install();
    await page.goto(`${stack.baseUrl}/volunteer.html`);
    await page.waitForSelector('body[data-ready="true"]');

    // Assess: a Chinese sentence that says what to do, with the number to quote
    const notice = page.locator('#notice');
    await expect.poll(() => notice.textContent()).toContain('编号 e2e-req-42');
    expect(await notice.textContent()).toMatch(/^系统出了点问题，请稍后再试/);
    await both('volunteer-error');

    // Act: the balance can be read again, and the page reads it (its 20-second poll)
    failing = false;
    await page.clock.fastForward(25_000);

    // Assess: the banner went with the trouble
    await expect.poll(() => notice.isHidden()).toBe(true);
    await page.unroute('**/v1/volunteers/*/balance');
  });

  it('a counter without a camera offers the typed code, and a voided receipt says 已撤销', async () => {
    // Prepare: this browser has no camera
    await as('demo-counter', '/counter.html');
    await page.locator('.goods[data-sku="towel"]:not([disabled])').waitFor();

    // Act
    await page.locator('#scan-button').click();

    // Assess: a Chinese sentence, no black box, the typed-code box open in its place
    await expect.poll(() => page.locator('#notice').textContent()).toContain('不能扫码');
    expect(await page.locator('.scan-box').isHidden()).toBe(true);
    expect(await page.locator('details.manual').getAttribute('open')).not.toBeNull();
    expect(await page.locator('#code-input').isVisible()).toBe(true);
    expect(await page.locator('main #checkout-bar').count()).toBe(1);
    await both('counter-no-camera');

    // Act: a towel for 魏仁科 by typed code, confirmed, then voided
    const wei = stack.user('demo-volunteer-wei');
    await stack.setBalance(wei, 100);
    const issued = await stack.api<{ code: string }>(wei, 'POST', `/volunteers/${wei.volunteerId}/code`);
    await page.locator('#code-input').fill(issued.body.code);
    await page.locator('#code-form button[type="submit"]').click();
    await page.locator('#volunteer-name').waitFor();
    await page.locator('.goods[data-sku="towel"]').click();
    await page.locator('#confirm').click();
    await page.locator('#receipt-body').waitFor();
    expect(await page.locator('#receipt-title').textContent()).toBe('兑换成功');
    await page.locator('#receipt-body details.void summary').click();
    await page.locator('#receipt-body .void-form button[type="submit"]').click();
    await page.locator('#receipt-body .voided-note').waitFor();

    // Assess
    const title = (await page.locator('#receipt-title').textContent()) ?? '';
    expect(title).toContain('已撤销');
    expect(title).not.toContain('兑换成功');
    expect(await page.locator('#receipt-balance').count()).toBe(0);
    await both('counter-voided-receipt');
  });

  it.each([
    ['a permission question nobody answers', 'new Promise(() => {})', 21_000],
    [
      'a camera that gives no picture',
      'Promise.resolve(document.createElement("canvas").captureStream(0))',
      9000,
    ],
  ])('leaves no black box for %s: the typed-code box opens instead', async (_, answer, wait) => {
    // Prepare: a counter whose camera never answers (or never shows a picture), on a clock we move
    const counter = await browser.context.newPage();
    await counter.addInitScript(`navigator.mediaDevices.getUserMedia = () => ${answer};`);
    await counter.clock.install();
    await counter.goto(`${stack.baseUrl}/counter.html`);
    await counter.locator('.goods[data-sku="towel"]:not([disabled])').waitFor();

    // Act
    await counter.locator('#scan-button').click();
    await expect.poll(() => counter.locator('.scan-box').isVisible()).toBe(true);
    await counter.clock.fastForward(wait);

    // Assess: the clock keeps moving (the scanner may start its wait only after the forward above)
    await expect
      .poll(
        async () => {
          await counter.clock.fastForward(1000);
          return counter.locator('#notice').textContent();
        },
        { timeout: 20_000 },
      )
      .toContain('不能扫码');
    expect(await counter.locator('.scan-box').isHidden()).toBe(true);
    expect(await counter.locator('#code-input').isVisible()).toBe(true);
    await counter.close();
  });

  it('lists every finding together', () => {
    const all = [...findings].flatMap(([name, found]) =>
      found.map((finding) => `${name} · ${finding.rule} · ${finding.where} · ${finding.detail}`),
    );
    console.log(all.length === 0 ? 'accessibility: no findings' : all.join('\n'));
    expect(all).toEqual([]);
  });
});

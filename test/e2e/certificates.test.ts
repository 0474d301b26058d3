import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, DESKTOP, launch, PHONE, SCREENSHOTS, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * 志愿服务证明 end to end in Chromium: the volunteer asks on their phone (and is told in words when
 * a period has nothing to certify), the office issues it, it prints on A4 with its number, lines and
 * total, and the QR code's link — opened by anyone, with no account — says 有效; revoked, the paper
 * and the check say 已作废 and why; an altered link finds nothing. The office also refuses a
 * request with a reason the volunteer sees, and issues one at once for a volunteer it finds by name.
 */
const A4_WIDTH_MM = 210;
const A4_HEIGHT_MM = 297;
const MARGIN_MM = 15;
const CSS_PX_PER_MM = 96 / 25.4;
const PDF_POINTS_PER_MM = 72 / 25.4;

describe('a volunteer service certificate', () => {
  let stack: Stack;
  const browsers: Browser[] = [];
  let volunteer: Page;
  let office: Page;
  let anyone: Page;
  let certificateId = '';
  let verifyUrl = '';

  beforeAll(async () => {
    stack = await startStack();
    const open = async (viewport: { width: number; height: number }) => {
      const browser = await launch({ viewport });
      browsers.push(browser);
      return browser.context.newPage();
    };
    volunteer = await open(PHONE);
    office = await open(DESKTOP);
    anyone = await open(PHONE);
    await signIn(volunteer, stack.baseUrl, 'demo-volunteer', '/volunteer.html');
    await signIn(office, stack.baseUrl, 'demo-admin', '/office.html');
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await stack?.stop();
  });

  const ask = async (from?: string, to?: string, purpose?: string) => {
    const section = volunteer.locator('#certificates');
    if (from !== undefined) await section.locator('#certificate-from').fill(from);
    if (to !== undefined) await section.locator('#certificate-to').fill(to);
    if (purpose !== undefined) await section.locator('#certificate-purpose').fill(purpose);
    await section.locator('#certificate-send').click();
  };

  let opened = 0;
  const openOffice = async (status: 'requested' | 'issued' | 'refused' | 'revoked') => {
    // A fresh load each time (a change of hash alone would keep the filter last chosen).
    opened += 1;
    await office.goto(`${stack.baseUrl}/office.html?visit=${opened}#certificates`);
    await office.locator('#certificates-status').waitFor();
    if (status !== 'requested') await office.locator('#certificates-status').selectOption(status);
  };

  it('says beside the field, or in the section, why a request cannot be sent', async () => {
    // Prepare
    const section = volunteer.locator('#certificates');
    await section.locator('#certificate-form').waitFor();
    const today = await section.locator('#certificate-to').inputValue();
    expect(await section.locator('#certificate-from').inputValue()).toBe(`${today.slice(0, 4)}-01-01`);

    // Act: the last day before the first (found by the page), then a period with no service (the API)
    await ask('2020-03-02', '2020-03-01');
    const beside = section.locator('#certificate-to-problem');
    await expect.poll(() => beside.textContent()).toBe('“到哪天止”不能早于“从哪天起”。');
    expect(await section.locator('#certificate-to').getAttribute('aria-invalid')).toBe('true');
    await ask('2020-01-01', '2020-01-31');

    // Assess
    await expect
      .poll(() => section.locator('#certificate-form-problem').textContent())
      .toBe('这段时间还没有审核通过的服务记录，请换一个时间段');
    expect(await beside.isVisible()).toBe(false);
    expect(await section.locator('#certificate-list li[data-status="requested"]').count()).toBe(0);
    await section.screenshot({ path: join(SCREENSHOTS, 'certificate-refused-period-phone.png') });
  });

  it('is asked for on the volunteer’s page and waits for the office', async () => {
    // Act: this year to today, for 升学
    const section = volunteer.locator('#certificates');
    const today = await section.locator('#certificate-to').getAttribute('max');
    await ask(`${String(today).slice(0, 4)}-01-01`, String(today), '升学');

    // Assess
    await expect
      .poll(() => section.locator('#certificate-outcome').textContent())
      .toBe('已提交，工作人员办好后会在这里显示。');
    expect(await section.locator('#certificate-form-problem').isVisible()).toBe(false);
    const waiting = section.locator('#certificate-list li[data-status="requested"]');
    await waiting.waitFor();
    certificateId = String(await waiting.getAttribute('data-certificate'));
    expect(await waiting.textContent()).toContain('等待办理');
    expect(await waiting.locator('a').count()).toBe(0);
    await screenshot(volunteer, 'certificate-asked-phone');
  });

  it('is issued by the office, numbered, and shows as 已开具 with 查看、打印 on the volunteer’s page', async () => {
    // Prepare: the register opens on the requests waiting
    await openOffice('requested');
    expect(await office.locator('#certificates-status').inputValue()).toBe('requested');
    const row = office.locator(`li[data-certificate="${certificateId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/待开具 · 谭成华 · \d{4}年1月1日 至 \d{4}年\d{1,2}月\d{1,2}日/);
    await screenshot(office, 'office-certificates-desktop');

    // Act
    await row.locator('button[data-action="issue"]').click();

    // Assess
    await expect
      .poll(() => office.locator('#notice').textContent())
      .toMatch(/已开具，编号 [A-Z]{2,6}-\d{4}-\d{6}/);
    await volunteer.reload();
    const issued = volunteer.locator(`#certificate-list li[data-certificate="${certificateId}"]`);
    await expect.poll(() => issued.getAttribute('data-status')).toBe('issued');
    expect(await issued.textContent()).toContain('已开具');
    expect(await issued.locator('a').textContent()).toBe('查看、打印');
  });

  it('prints on A4 with its number, the service lines, the total and a QR code to the public check', async () => {
    // Act
    await volunteer.locator(`#certificate-list li[data-certificate="${certificateId}"] a`).click();
    await volunteer.waitForURL(`**/certificate.html?id=${certificateId}`);
    await volunteer.waitForSelector('body[data-ready="true"] #certificate');

    // Assess: the words, the lines and their total
    const sheet = volunteer.locator('#certificate');
    expect(await volunteer.locator('#certificate-number').textContent()).toMatch(
      /^编号：[A-Z]{2,6}-\d{4}-\d{6}$/,
    );
    const body = (await volunteer.locator('#certificate-body').textContent()) ?? '';
    const [, total] =
      body.match(
        /^兹证明 谭成华(?:（证件号 [^）]+）)?于 \d{4}年1月1日 至 \d{4}年\d{1,2}月\d{1,2}日 期间参加志愿服务，累计服务时长 ([\d.]+) 小时。$/,
      ) ?? [];
    expect(total).toBeDefined();
    const hours = await sheet
      .locator('.certificate-lines tbody tr td.num')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.textContent)));
    expect(hours.length).toBeGreaterThan(0);
    expect(hours.reduce((sum, one) => sum + one, 0)).toBeCloseTo(Number(total), 5);
    expect(await volunteer.locator('#certificate-total').textContent()).toBe(total);
    expect(await volunteer.locator('#certificate-purpose').textContent()).toBe('用途：升学');
    expect(await volunteer.locator('#certificate-issuer').textContent()).not.toBe('');
    expect(await volunteer.locator('#certificate-issued-at').textContent()).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日$/,
    );
    expect(await volunteer.locator('#certificate-qr figcaption').textContent()).toBe('扫码核验真伪');
    await expect.poll(() => volunteer.locator('#sheet-foot').getAttribute('data-county')).not.toBeNull();
    // On a 360 px phone nothing runs off the side
    expect(await volunteer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await screenshot(volunteer, 'certificate-phone');

    // The sheet's own page box is A4 with 15 mm margins
    const pageRule = await volunteer.evaluate(() => {
      const rules = Array.from(document.styleSheets)
        .flatMap((sheet) => Array.from(sheet.cssRules))
        .flatMap((rule) => (rule instanceof CSSMediaRule ? Array.from(rule.cssRules) : [rule]))
        .filter((rule): rule is CSSPageRule => rule instanceof CSSPageRule);
      const named = rules.find((rule) => rule.selectorText === 'certificate');
      return {
        size: named?.style.getPropertyValue('size').toUpperCase(),
        margin: named?.style.getPropertyValue('margin'),
        page: getComputedStyle(document.getElementById('certificate') as HTMLElement).getPropertyValue(
          'page',
        ),
      };
    });
    expect(pageRule).toEqual({ size: 'A4', margin: `${MARGIN_MM}mm`, page: 'certificate' });

    // Printed: the sheet fits A4's printable width, and the PDF the page asks for is A4
    const printable = Math.floor((A4_WIDTH_MM - 2 * MARGIN_MM) * CSS_PX_PER_MM);
    await volunteer.setViewportSize({ width: printable, height: 1000 });
    await volunteer.emulateMedia({ media: 'print' });
    expect(await volunteer.locator('.top').isVisible()).toBe(false);
    expect(await sheet.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
    expect(await volunteer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      printable,
    );
    await screenshot(volunteer, 'certificate-print');
    const pdf = (await volunteer.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    const box = pdf.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
    expect(Number(box?.[1])).toBeCloseTo(A4_WIDTH_MM * PDF_POINTS_PER_MM, 0);
    expect(Number(box?.[2])).toBeCloseTo(A4_HEIGHT_MM * PDF_POINTS_PER_MM, 0);
    await volunteer.emulateMedia({ media: 'screen' });
    await volunteer.setViewportSize(PHONE);

    verifyUrl = String(await volunteer.locator('#certificate-qr').getAttribute('data-verify-url'));
    expect(verifyUrl.startsWith(`${stack.baseUrl}/verify.html?id=${certificateId}&code=`)).toBe(true);
  });

  it('checks valid from its QR code’s link, for anyone with no account', async () => {
    await anyone.goto(verifyUrl);
    await anyone.waitForSelector('body[data-ready="true"]');
    expect(await anyone.locator('#verify-status').textContent()).toBe('✔ 有效');
    const result = (await anyone.locator('#verify-result').textContent()) ?? '';
    expect(result).toContain('谭*华');
    expect(result).not.toContain('谭成华');
    expect(await anyone.locator('#verify-number').textContent()).toMatch(/^[A-Z]{2,6}-\d{4}-\d{6}$/);
    await screenshot(anyone, 'certificate-verify-valid-phone');
  });

  it('is revoked with a reason: the paper and the check say 已作废 and why; an altered link finds nothing', async () => {
    // Prepare
    await openOffice('issued');
    const row = office.locator(`li[data-certificate="${certificateId}"]`);
    await row.waitFor();
    const revoke = row.locator('form[data-action="revoke"]');

    // Act: no reason first, then one
    await revoke.locator('button[type="submit"]').click();
    await expect.poll(() => row.locator('.form-problem').textContent()).toBe('请写明原因。');
    await revoke.locator('input[name="reason"]').fill('服务时长有误，重新开具');
    await revoke.locator('button[type="submit"]').click();

    // Assess
    await expect.poll(() => office.locator('#notice').textContent()).toMatch(/^已作废/);
    await volunteer.goto(`${stack.baseUrl}/certificate.html?id=${certificateId}`);
    await volunteer.waitForSelector('body[data-ready="true"] #certificate');
    expect(await volunteer.locator('#certificate-revoked .revoked-word').textContent()).toBe('已作废');
    expect(await volunteer.locator('#certificate-revoked-reason').textContent()).toMatch(
      /^作废原因：服务时长有误，重新开具（\d{4}年\d{1,2}月\d{1,2}日作废）$/,
    );
    await volunteer.emulateMedia({ media: 'print' });
    expect(await volunteer.locator('#certificate-revoked').isVisible()).toBe(true);
    await screenshot(volunteer, 'certificate-revoked-print');
    await volunteer.emulateMedia({ media: 'screen' });

    await anyone.goto(verifyUrl);
    await anyone.waitForSelector('body[data-ready="true"]');
    expect(await anyone.locator('#verify-status').textContent()).toBe('✘ 已作废');
    expect(await anyone.locator('#verify-reason').textContent()).toContain('服务时长有误，重新开具');
    await screenshot(anyone, 'certificate-verify-revoked-phone');

    const altered = verifyUrl.replace(
      /code=(.)/,
      (_all, first: string) => `code=${first === 'A' ? 'B' : 'A'}`,
    );
    await anyone.goto(altered);
    await anyone.waitForSelector('body[data-ready="true"]');
    expect(await anyone.locator('#verify-status').textContent()).toBe(
      '查不到这份证明：编号或二维码不对。请向出具单位核实。',
    );
  });

  it('is refused with a reason the volunteer reads as 未通过', async () => {
    // Prepare: another request
    await volunteer.goto(`${stack.baseUrl}/volunteer.html`);
    await volunteer.waitForSelector('body[data-ready="true"]');
    await ask(undefined, undefined, '评优');
    const waiting = volunteer.locator('#certificate-list li[data-status="requested"]');
    await waiting.waitFor();
    const refusedId = String(await waiting.getAttribute('data-certificate'));

    // Act
    await openOffice('requested');
    const row = office.locator(`li[data-certificate="${refusedId}"]`);
    await row.waitFor();
    await row.locator('form[data-action="refuse"] input[name="reason"]').fill('评优材料另行提交');
    await row.locator('form[data-action="refuse"] button[type="submit"]').click();
    await expect.poll(() => office.locator('#notice').textContent()).toMatch(/^已不予开具/);

    // Assess
    await volunteer.reload();
    const refused = volunteer.locator(`#certificate-list li[data-certificate="${refusedId}"]`);
    await expect.poll(() => refused.getAttribute('data-status')).toBe('refused');
    expect(await refused.locator('.certificate-state').textContent()).toBe(
      '未通过（原因：评优材料另行提交）',
    );
    expect(await refused.locator('a').count()).toBe(0);
  });

  it('is issued at once by the office for a volunteer found by name', async () => {
    // Prepare
    await openOffice('issued');
    const search = office.locator('#certificate-search-form');
    await search.locator('input[type="search"]').fill('成华');
    await search.locator('button[type="submit"]').click();
    const found = office.locator('#certificate-search-results li').first();
    await found.waitFor();
    expect(await found.textContent()).toContain('谭*华');

    // Act
    await found.locator('button').click();
    expect(await office.locator('#certificate-for').textContent()).toMatch(/^为 谭\*华/);
    await office.locator('#certificate-issue-form button[type="submit"]').click();

    // Assess: numbered at once, in the register
    await expect
      .poll(() => office.locator('#notice').textContent())
      .toMatch(/已开具，编号 [A-Z]{2,6}-\d{4}-\d{6}/);
    const number = ((await office.locator('#notice').textContent()) ?? '').match(
      /[A-Z]{2,6}-\d{4}-\d{6}/,
    )?.[0];
    await expect
      .poll(() => office.locator('#certificates-list li[data-status="issued"] strong').allTextContents())
      .toContain(number);
  });
});

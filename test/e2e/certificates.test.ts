import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, DESKTOP, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * 志愿服务证明 end to end in Chromium: the volunteer asks on their phone, the office issues it, it
 * prints on A4 with its number, lines and total, and the QR code's link — opened by anyone, with no
 * account — says 有效; revoked, it says 已作废 and why; an altered link finds nothing.
 */
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

  it('is asked for on the volunteer’s page and waits for the office', async () => {
    const section = volunteer.locator('#certificates');
    await section.locator('#certificate-form').waitFor();
    await section.locator('#certificate-purpose').fill('升学');
    await section.locator('#certificate-form button[type="submit"]').click();
    await expect.poll(() => section.locator('#certificate-outcome').textContent()).toContain('已提交');
    const waiting = section.locator('#certificate-list li[data-status="requested"]');
    await waiting.waitFor();
    certificateId = String(await waiting.getAttribute('data-certificate'));
    expect(await waiting.textContent()).toContain('等待办理');
    await screenshot(volunteer, 'certificate-asked-phone');
  });

  it('is issued by the office, numbered, and shows as 已开具 on the volunteer’s page', async () => {
    await office.goto(`${stack.baseUrl}/office.html#certificates`);
    const row = office.locator(`li[data-certificate="${certificateId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('待开具');
    await screenshot(office, 'office-certificates-desktop');
    await row.locator('button[data-action="issue"]').click();
    await expect
      .poll(() => office.locator('#notice').textContent())
      .toMatch(/已开具，编号 [A-Z]{2,6}-\d{4}-\d{6}/);

    await volunteer.reload();
    const issued = volunteer.locator(`#certificate-list li[data-certificate="${certificateId}"]`);
    await expect.poll(() => issued.getAttribute('data-status')).toBe('issued');
    expect(await issued.textContent()).toContain('已开具');
  });

  it('prints on A4 with its number, the service lines, the total and a QR code to the public check', async () => {
    await volunteer.goto(`${stack.baseUrl}/certificate.html?id=${certificateId}`);
    await volunteer.waitForSelector('body[data-ready="true"]');
    const sheet = volunteer.locator('#certificate');
    expect(await volunteer.locator('#certificate-number').textContent()).toMatch(
      /^编号：[A-Z]{2,6}-\d{4}-\d{6}$/,
    );
    const body = (await volunteer.locator('#certificate-body').textContent()) ?? '';
    expect(body).toMatch(
      /^兹证明 谭成华.*于 \d{4}年1月1日 至 \d{4}年\d{1,2}月\d{1,2}日 期间参加志愿服务，累计服务时长 [\d.]+ 小时。$/,
    );
    expect(await sheet.locator('.certificate-lines tbody tr').count()).toBeGreaterThan(0);
    expect(await volunteer.locator('#certificate-issuer').textContent()).not.toBe('');
    await screenshot(volunteer, 'certificate-phone');
    // The print rule is A4, and the sheet fits its printable width (210 mm less two 14 mm margins).
    const pageRule = await volunteer.evaluate(() =>
      Array.from(document.styleSheets)
        .flatMap((sheet) => Array.from(sheet.cssRules))
        .flatMap((rule) => (rule instanceof CSSMediaRule ? Array.from(rule.cssRules) : [rule]))
        .find((rule): rule is CSSPageRule => rule instanceof CSSPageRule)
        ?.style.getPropertyValue('size'),
    );
    expect(pageRule?.toUpperCase()).toBe('A4');
    await volunteer.setViewportSize({ width: 690, height: 1000 });
    await volunteer.emulateMedia({ media: 'print' });
    expect(await sheet.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
    const pdf = await volunteer.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await volunteer.emulateMedia({ media: 'screen' });
    await volunteer.setViewportSize(PHONE);
    verifyUrl = String(await volunteer.locator('#certificate-qr').getAttribute('data-verify-url'));
    expect(verifyUrl.startsWith(`${stack.baseUrl}/verify.html?id=${certificateId}&code=`)).toBe(true);
  });

  it('checks valid from its QR code’s link, for anyone with no account', async () => {
    await anyone.goto(verifyUrl);
    await anyone.waitForSelector('body[data-ready="true"]');
    expect(await anyone.locator('#verify-status').textContent()).toBe('✔ 有效');
    expect(await anyone.locator('#verify-result').textContent()).toContain('谭*华');
    await screenshot(anyone, 'certificate-verify-valid-phone');
  });

  it('checks 已作废 with the reason once the office revokes it; an altered link finds nothing', async () => {
    await office.goto(`${stack.baseUrl}/office.html#certificates`);
    await office.locator('#certificates-status').selectOption('issued');
    const row = office.locator(`li[data-certificate="${certificateId}"]`);
    await row.waitFor();
    await row.locator('form[data-action="revoke"] input[name="reason"]').fill('服务时长有误，重新开具');
    await row.locator('form[data-action="revoke"] button[type="submit"]').click();
    await expect.poll(() => office.locator('#notice').textContent()).toBe('已保存');

    await anyone.goto(verifyUrl);
    await anyone.waitForSelector('body[data-ready="true"]');
    expect(await anyone.locator('#verify-status').textContent()).toBe('✘ 已作废');
    expect(await anyone.locator('#verify-reason').textContent()).toContain('服务时长有误，重新开具');

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
});

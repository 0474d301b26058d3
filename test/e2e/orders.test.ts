import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureReading } from './support/accessibility';
import { type Browser, DESKTOP, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * 六单 end to end: a resident on a phone, with no account, asks for help on /request.html and
 * follows it; the county office dispatches it to 什川镇; the town's coordinator accepts, serves and
 * finishes it; the resident rates it; the office closes it with 2 hours for 谭成华 and approves the
 * service record; 谭成华's passbook shows the points.
 */
describe('六单: from a resident’s request to a volunteer’s points', () => {
  let stack: Stack;
  let phone: Browser;
  let desk: Browser;
  let resident: Page;
  let office: Page;
  let number = '';
  let before = 0;

  const NEED = '家里老人腿脚不便，想请人每周帮忙打扫院子';
  const card = () => office.locator(`article.order-card[data-number="${number}"]`);
  const headline = () => resident.locator('#track-headline').textContent();

  beforeAll(async () => {
    stack = await startStack();
    before = await stack.balance(stack.user('demo-volunteer'));
    phone = await launch({ viewport: PHONE });
    desk = await launch({ viewport: DESKTOP });
    resident = await phone.context.newPage();
    office = await desk.context.newPage();
  });

  afterAll(async () => {
    await phone?.close();
    await desk?.close();
    await stack?.stop();
  });

  it('lets a resident ask for help with no account, and shows the number in groups of four', async () => {
    // Prepare
    await resident.goto(`${stack.baseUrl}/request.html`);
    await resident.waitForSelector('body[data-ready="true"] .project-card');
    expect(await resident.locator('.category h3').first().textContent()).toBeTruthy();
    await screenshot(resident, 'request-phone');

    // Act: a project from its card, then the form (a phone typed with spaces)
    await resident.locator('.project-card[data-project="day-care"] button').click();
    await resident.locator('#request-name').fill('赵桂芳');
    await resident.locator('#request-phone').fill('139 0931 8888');
    await resident.locator('#request-town').selectOption('shichuan');
    await resident.locator('#request-village').selectOption('wenshan');
    await resident.locator('#request-need').fill(NEED);
    expect(await resident.locator('#request-project').inputValue()).toBe('day-care');
    await resident.locator('#request-submit').click();

    // Assess
    const shown = resident.locator('#order-number .order-number');
    await shown.waitFor();
    number = (await shown.getAttribute('data-number')) ?? '';
    expect(number).toMatch(/^\d{12}$/);
    expect((await shown.textContent())?.replace(/\s/g, '')).toBe(number);
    expect(await shown.locator('.digits').allTextContents()).toEqual([
      number.slice(0, 4),
      number.slice(4, 8),
      number.slice(8),
    ]);
    expect(await resident.locator('.advice').textContent()).toContain('8888');
    await screenshot(resident, 'request-done-phone');
  });

  it('is readable for elderly eyes: text at least 18 px, contrast at least 7:1, targets at least 44 px', async () => {
    const report = await measureReading(resident);
    expect(report.smallestFontPx, report.smallestFontText).toBeGreaterThanOrEqual(18);
    expect(report.lowestContrast, report.lowestContrastText).toBeGreaterThanOrEqual(7);
    expect(
      Math.min(report.smallestTarget.width, report.smallestTarget.height),
      report.smallestTarget.text,
    ).toBeGreaterThanOrEqual(44);
  });

  it('follows the request by number (spaces and full-width digits) and the phone’s last four digits', async () => {
    // Prepare: a fresh page, as when the resident comes back another day
    await resident.goto(`${stack.baseUrl}/request.html#track`);
    await resident.waitForSelector('body[data-ready="true"] #track-number');
    const fullWidth = number.replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit)));

    // Act
    await resident
      .locator('#track-number')
      .fill(`${fullWidth.slice(0, 4)} ${fullWidth.slice(4, 8)} ${fullWidth.slice(8)}`);
    await resident.locator('#track-phone4').fill('8888');
    await resident.locator('#track-submit').click();

    // Assess: the timeline in words, and cancelling offered before a team takes it
    await expect.poll(headline).toContain('等县志愿服务中心安排');
    expect(await resident.locator('.timeline-step').first().textContent()).toContain('您 提交了需求');
    expect(await resident.locator('#cancel-open').count()).toBe(1);
    await screenshot(resident, 'request-track-phone');
  });

  it('lets the office dispatch it to 什川镇 from the queue', async () => {
    // Prepare
    await signIn(office, stack.baseUrl, 'demo-admin', '/office.html');
    await office.goto(`${stack.baseUrl}/office.html#dispatch`);
    await card().waitFor();
    expect(await card().locator('.order-need').textContent()).toBe(NEED);

    // Act
    await card().locator('button[data-action="dispatch"]').click();
    await card().locator('select[name="teamOrgId"]').selectOption('shichuan');
    await card().locator('form[data-form="dispatch"] button[type="submit"]').click();

    // Assess
    await expect.poll(() => card().getAttribute('data-status')).toBe('dispatched');
    await screenshot(office, 'office-dispatch-desktop');
    await resident.locator('#track-refresh').click();
    await expect.poll(headline).toContain('已派给什川镇');
    expect(await resident.locator('#cancel-open').count()).toBe(1);
  });

  it('lets the coordinator of 什川镇 accept, serve and finish it', async () => {
    // Prepare
    await signIn(office, stack.baseUrl, 'demo-coordinator', '/office.html');
    await office.goto(`${stack.baseUrl}/office.html#team-orders`);
    await card().waitFor();
    expect(await card().locator('a.tel').textContent()).toBe('13909318888');

    // Act: accept, plan the activity, finish
    await card().locator('button[data-action="accept"]').click();
    await expect.poll(() => card().getAttribute('data-status')).toBe('accepted');
    await card().locator('button[data-action="serve"]').click();
    await card().locator('input[name="activity"]').fill('上门打扫院子');
    await card().locator('form[data-form="serve"] button[type="submit"]').click();
    await expect.poll(() => card().getAttribute('data-status')).toBe('in_service');
    await card().locator('button[data-action="finish"]').click();
    await card().locator('textarea[name="note"]').fill('两名志愿者打扫了院子，老人很满意');
    await card().locator('form[data-form="finish"] button[type="submit"]').click();

    // Assess
    await expect.poll(() => card().getAttribute('data-status')).toBe('done');
    await card().locator('details.order-timeline summary').click();
    expect(await card().locator('.timeline-step').count()).toBe(5);
    await screenshot(office, 'office-team-orders-desktop');
  });

  it('lets the coordinator enter a request for someone who phoned', async () => {
    // Prepare
    await office.locator('nav.section-nav a[href="#enter-order"]').click();
    await office.locator('#enter-form').waitFor();

    // Act
    await office.locator('#enter-channel').selectOption('phone-call');
    await office.locator('#enter-name').fill('王奶奶');
    await office.locator('#enter-phone').fill('139-0931-6666');
    await office.locator('#enter-place').selectOption('nanzhuang');
    await office.locator('#enter-need').fill('想请人陪着去镇上卫生院看病');
    await office.locator('#enter-submit').click();

    // Assess: the number to read out, and the order as the office sees it
    const entered = office.locator('#entered .order-number');
    await entered.waitFor();
    const other = (await entered.getAttribute('data-number')) ?? '';
    expect(other).toMatch(/^\d{12}$/);
    await screenshot(office, 'office-enter-order-desktop');
    const answer = await stack.api<{ channel: string; status: string; phone: string }>(
      stack.user('demo-admin'),
      'GET',
      `/orders/${other}`,
    );
    expect(answer.body).toMatchObject({ channel: 'phone-call', status: 'submitted', phone: '13909316666' });
  });

  it('lets the resident rate it with big stars once it is done', async () => {
    // Prepare
    await resident.locator('#track-refresh').click();
    await expect.poll(headline).toContain('请您评价');
    expect(await resident.locator('#cancel-open').count()).toBe(0);

    // Act
    await resident.locator('#star-attitude-5').click();
    await resident.locator('#star-result-5').click();
    await resident.locator('#star-timeliness-4').click();
    await resident.locator('#rating-comment').fill('志愿者很耐心');
    await screenshot(resident, 'request-rating-phone');
    const report = await measureReading(resident);
    expect(report.smallestFontPx, report.smallestFontText).toBeGreaterThanOrEqual(18);
    expect(
      Math.min(report.smallestTarget.width, report.smallestTarget.height),
      report.smallestTarget.text,
    ).toBeGreaterThanOrEqual(44);
    await resident.locator('#rating-submit').click();

    // Assess
    await expect.poll(headline).toContain('谢谢您的评价');
    expect(await resident.locator('.rating-shown').textContent()).toContain('志愿者很耐心');
    expect(await resident.locator('.timeline-step').count()).toBe(6);
    await screenshot(resident, 'request-rated-phone');
  });

  it('lets the office close it with 2 hours for 谭成华 and approve the record', async () => {
    // Prepare
    await signIn(office, stack.baseUrl, 'demo-admin', '/office.html');
    await office.goto(`${stack.baseUrl}/office.html#dispatch`);
    await card().waitFor();
    expect(await card().getAttribute('data-status')).toBe('rated');

    // Act: the assessment and the hours table
    await card().locator('button[data-action="close"]').click();
    await card().locator('textarea[name="assessment"]').fill('按时完成，群众满意');
    await card().locator('select[name="org"]').selectOption('wenshan');
    const volunteer = card().locator('select[name="volunteer"]');
    await expect.poll(() => volunteer.locator('option', { hasText: '谭成华' }).count()).toBe(1);
    await volunteer.selectOption({
      label: (await volunteer.locator('option', { hasText: '谭成华' }).textContent()) ?? '',
    });
    await card().locator('input[name="hours"]').fill('2');
    await card().locator('button[data-action="add-hours"]').click();
    expect(await card().locator('.hours-table tbody tr').count()).toBe(1);
    await screenshot(office, 'office-close-desktop');
    await card().locator('form[data-form="close"] button[type="submit"]').click();
    await expect.poll(() => card().getAttribute('data-status')).toBe('closed');

    // Act: the record it made waits in 审核
    await office.locator('nav.section-nav a[href="#approvals"]').click();
    const record = office.locator('article.record', { hasText: number });
    await record.waitFor();
    await record.locator('button', { hasText: '批准' }).click();

    // Assess
    await expect.poll(() => record.locator('.record-outcome').textContent()).toContain('已批准');
    expect(await stack.balance(stack.user('demo-volunteer'))).toBe(before + 20);
  });

  it('shows the points in 谭成华’s passbook', async () => {
    // Act
    await signIn(resident, stack.baseUrl, 'demo-volunteer', '/volunteer.html');

    // Assess
    await expect.poll(() => resident.locator('#balance').textContent()).toBe(`${before + 20} 分`);
    const entry = resident.locator('.passbook .entry').first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain('20');
    await screenshot(resident, 'orders-passbook-phone');
  });

  it('lets a resident cancel a request before a team takes it, with a reason', async () => {
    // Prepare: a second request, from the page fresh after signing out
    await resident.goto(`${stack.baseUrl}/request.html`);
    await resident.waitForSelector('body[data-ready="true"] #request-name');
    await resident.locator('#request-name').fill('李大爷');
    await resident.locator('#request-phone').fill('13909317777');
    await resident.locator('#request-town').selectOption('shichuan');
    await resident.locator('#request-village').selectOption('nanzhuang');
    await resident.locator('#request-need').fill('想请人帮忙修一下院门');
    await resident.locator('#request-submit').click();
    await resident.locator('#order-number').waitFor();
    await resident.locator('button', { hasText: '查看进度' }).click();
    await expect.poll(headline).toContain('等县志愿服务中心安排');

    // Act
    await resident.locator('#cancel-open').click();
    await resident.locator('#cancel-form button', { hasText: '问题已经解决了' }).click();
    await resident.locator('#cancel-confirm').click();

    // Assess
    await expect.poll(headline).toContain('已取消');
    expect(await resident.locator('.timeline-step').last().textContent()).toContain('问题已经解决了');
    await screenshot(resident, 'request-cancelled-phone');
  });

  it('speaks English when switched, and Chinese again', async () => {
    await resident.locator('button.link-button', { hasText: 'English' }).click();
    await resident.locator('h1.page-title', { hasText: 'Ask for help' }).waitFor();
    await resident.locator('.project-card').first().waitFor();
    await screenshot(resident, 'request-en-phone');
    await resident.locator('button.link-button', { hasText: '中文' }).click();
    await resident.locator('h1.page-title', { hasText: '我要点单' }).waitFor();
  });
});

import { readFileSync } from 'node:fs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/platform/dynamo/keys';
import { measureReading } from './support/accessibility';
import { type Browser, DESKTOP, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * 周周有活动 end to end, on real pages: 什川镇's coordinator plans an activity on their phone,
 * opens sign-up and starts sign-in; the big QR code's door code (read from the page) signs 谭成华
 * in on the volunteer's page, typed into the box beside the camera button (a headless browser has
 * no camera); a second scan changes nothing. The organiser signs in someone by their code, signs
 * people out from the roster (one now, one after the end at the time they left), enters a 补录 with
 * a photo of the paper sheet, which the office approves; then finishes and records the hours, and
 * the county office finds the service record waiting in 审核 and the activity on its calendar.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** China's date and clock of an instant, as the forms take them. */
const china = (ms: number) => {
  const shifted = new Date(ms + 8 * HOUR).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16), month: shifted.slice(0, 7) };
};
const wholeMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

describe('周周有活动: an activity from the plan to hours in the approval queue', () => {
  let stack: Stack;
  let organiserPhone: Browser;
  let otherBrowser: Browser;
  let organiser: Page;
  let volunteer: Page;
  let office: Page;

  const started = wholeMinute(Date.now() - 3 * HOUR);
  const ends = wholeMinute(Date.now() + 2 * HOUR);
  const TITLE = `文山村 清扫村道 ${china(started).time}`;
  const OTHER_TITLE = '南庄村 健康讲座';
  let activityId = '';
  let otherId = '';
  let code = '';

  const detail = () => organiser.locator('#activity-detail');
  const line = (volunteerId: string) => organiser.locator(`.roster-line[data-volunteer="${volunteerId}"]`);
  const answer = () => volunteer.locator('#door-answer');

  beforeAll(async () => {
    stack = await startStack();
    organiserPhone = await launch({ viewport: PHONE });
    otherBrowser = await launch({ viewport: PHONE });
    organiser = await organiserPhone.context.newPage();
    volunteer = await otherBrowser.context.newPage();

    // A second activity, open for sign-up until an hour from now, made through the API.
    const coordinator = stack.user('demo-coordinator');
    const made = await stack.api<{ activityId: string }>(coordinator, 'POST', '/activities', {
      body: {
        title: OTHER_TITLE,
        teamOrgId: 'shichuan',
        place: { villageOrgId: 'nanzhuang', address: '村卫生室' },
        start: new Date(wholeMinute(Date.now() - 5 * MINUTE)).toISOString(),
        end: new Date(wholeMinute(Date.now() + 2 * HOUR)).toISOString(),
        signUpUntil: new Date(wholeMinute(Date.now() + HOUR)).toISOString(),
        capacity: 5,
        openTo: 'team',
      },
      idempotencyKey: 'e2e-activity-talk',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    otherId = made.body.activityId;
    const published = await stack.api(coordinator, 'POST', `/activities/${otherId}/steps`, {
      body: { action: 'publish' },
      idempotencyKey: 'e2e-activity-talk-publish',
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
  });

  afterAll(async () => {
    await organiserPhone?.close();
    await otherBrowser?.close();
    await stack?.stop();
  });

  it('lets the coordinator plan an activity on a phone, open sign-up and start sign-in', async () => {
    // Prepare
    await signIn(organiser, stack.baseUrl, 'demo-coordinator', '/office.html');
    await organiser.goto(`${stack.baseUrl}/office.html#activities`);
    await organiser.locator('#activity-new').click();

    // Act: the short form (the team is the coordinator's own town)
    await organiser.locator('#activity-title').fill(TITLE);
    expect(await organiser.locator('#activity-team').inputValue()).toBe('shichuan');
    await organiser.locator('#activity-village').selectOption('wenshan');
    await organiser.locator('#activity-address').fill('村委会广场');
    await organiser.locator('#activity-date').fill(china(started).date);
    await organiser.locator('#activity-from').fill(china(started).time);
    await organiser.locator('#activity-to').fill(china(ends).time);
    await organiser.locator('#activity-capacity').fill('10');
    await organiser.locator('#activity-create').click();

    // Assess: a draft, opened at once
    await expect.poll(() => detail().getAttribute('data-status')).toBe('draft');
    activityId = (await detail().getAttribute('data-activity')) ?? '';
    expect(activityId).not.toBe('');
    const saved = await stack.api<{ start: string; end: string; place: { villageOrgId: string } }>(
      stack.user('demo-coordinator'),
      'GET',
      `/activities/${activityId}`,
    );
    expect(Date.parse(saved.body.start)).toBe(started);
    expect(Date.parse(saved.body.end)).toBe(ends);
    expect(saved.body.place.villageOrgId).toBe('wenshan');
    await screenshot(organiser, 'activities-draft-phone');

    // Act: 发布报名, then 开始签到
    await detail().locator('button[data-action="publish"]').click();
    await expect.poll(() => detail().getAttribute('data-status')).toBe('recruiting');
    await detail().locator('button[data-action="start"]').click();

    // Assess: the big QR code of the door code, renewing itself
    await expect.poll(() => detail().getAttribute('data-status')).toBe('running');
    const qr = organiser.locator('#door-qr');
    await expect.poll(() => qr.getAttribute('data-code')).toMatch(/^[\w.-]{20,}$/);
    expect(await qr.locator('svg.qr').count()).toBe(1);
    await expect.poll(() => organiser.locator('#door-timer').textContent()).toMatch(/^0:\d\d 后换新码$/);
    code = (await qr.getAttribute('data-code')) ?? '';
    await screenshot(organiser, 'activities-door-phone');
  });

  it('signs 谭成华 in and out with the door code typed on the volunteer page; a second scan at once changes nothing', async () => {
    // Prepare
    await signIn(volunteer, stack.baseUrl, 'demo-volunteer', '/volunteer.html');
    await volunteer.locator('#door-code-input').waitFor();
    code = (await organiser.locator('#door-qr').getAttribute('data-code')) ?? code;

    // Act
    await volunteer.locator('#door-code-input').fill(code);
    await volunteer.locator('#door-code-submit').click();

    // Assess
    await expect.poll(() => answer().getAttribute('data-outcome')).toBe('signed-in');
    expect(await answer().textContent()).toContain('签到成功');
    expect(await answer().textContent()).toContain(TITLE);
    await screenshot(volunteer, 'activities-signed-in-phone');

    // Act: the same again within ten minutes (the code as shown now)
    await volunteer
      .locator('#door-code-input')
      .fill((await organiser.locator('#door-qr').getAttribute('data-code')) ?? code);
    await volunteer.locator('#door-code-submit').click();

    // Assess
    await expect.poll(() => answer().getAttribute('data-outcome')).toBe('unchanged');
    expect(await answer().textContent()).toContain('没有变化');

    // Assess: the organiser's roster and counts show them at the door, flagged in Chinese
    const tan = stack.user('demo-volunteer').volunteerId ?? '';
    await organiser.locator('#roster-refresh').click();
    await line(tan).waitFor();
    expect(await line(tan).textContent()).toContain('现场加入');
    await expect.poll(() => organiser.locator('#count-present .figure-value').textContent()).toBe('1');

    // Prepare: forty minutes pass (the door takes a sign-out ten minutes on at the earliest), told
    // to the table directly, as the only way a test can wait that long
    await stack.client.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: keys.attendee(activityId, tan),
        UpdateExpression: 'SET signedInAt = :earlier',
        ExpressionAttributeValues: { ':earlier': new Date(Date.now() - 40 * MINUTE).toISOString() },
      }),
    );

    // Act: he scans the code again as he leaves
    await volunteer
      .locator('#door-code-input')
      .fill((await organiser.locator('#door-qr').getAttribute('data-code')) ?? code);
    await volunteer.locator('#door-code-submit').click();

    // Assess: signed out on his own phone, forty minutes counted as half an hour
    await expect.poll(() => answer().getAttribute('data-outcome')).toBe('signed-out');
    expect(await answer().textContent()).toContain('签退成功');
    await organiser.locator('#roster-refresh').click();
    await expect.poll(() => organiser.locator('#count-present .figure-value').textContent()).toBe('0');
    await expect.poll(() => organiser.locator('#count-signed-out .figure-value').textContent()).toBe('1');
    expect(await line(tan).locator('.roster-times').textContent()).toMatch(/\d\d:\d\d 签退/);
  });

  it('lets 谭成华 sign up for another activity, and shows 本月服务时长 in large type', async () => {
    // Prepare
    const card = volunteer.locator(`#my-activities article[data-activity="${otherId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(OTHER_TITLE);
    const month = volunteer.locator('#my-showups');
    await expect.poll(() => month.textContent()).toMatch(/^报名 \d+ 次，到场 \d+ 次$/);
    const signUps = async () => Number(/报名 (\d+) 次/.exec((await month.textContent()) ?? '')?.[1]);
    const before = await signUps();
    expect(await volunteer.locator('#my-hours-figure').textContent()).toMatch(/^[\d.]+ 小时$/);
    expect(await volunteer.locator(`#my-hours dt[data-activity="${activityId}"]`).textContent()).toContain(
      TITLE,
    );

    // Act
    await card.locator('button[data-action="sign-up"]').click();

    // Assess
    await expect.poll(() => card.getAttribute('data-mine')).toBe('confirmed');
    expect(await card.textContent()).toContain('报名成功');
    expect(await card.locator('button[data-action="withdraw"]').count()).toBe(1);
    await expect.poll(signUps).toBe(before + 1);
    await screenshot(volunteer, 'activities-mine-phone');
    const report = await measureReading(volunteer);
    expect(report.smallestFontPx, report.smallestFontText).toBeGreaterThanOrEqual(18);
    expect(report.lowestContrast, report.lowestContrastText).toBeGreaterThanOrEqual(7);
    expect(
      Math.min(report.smallestTarget.width, report.smallestTarget.height),
      report.smallestTarget.text,
    ).toBeGreaterThanOrEqual(44);
  });

  it('lets the organiser sign in someone without a phone by their code', async () => {
    // Prepare: 魏仁科's code, as his phone shows it under his QR code
    const weiUser = stack.user('demo-volunteer-wei');
    const wei = weiUser.volunteerId ?? '';
    const issued = await stack.api<{ code: string }>(weiUser, 'POST', `/volunteers/${wei}/code`);
    expect(issued.status).toBe(201);

    // Act: typed in place of a scan
    await organiser.locator('#board-code-input').fill(issued.body.code);
    await organiser.locator('#board-code-submit').click();

    // Assess: in, as a walk-in
    await expect
      .poll(() => organiser.locator('#board-answer').getAttribute('data-outcome'))
      .toBe('signed-in');
    expect(await organiser.locator('#board-answer').textContent()).toContain('签到成功');
    await line(wei).waitFor();
    expect(await line(wei).textContent()).toContain('现场加入');
    await expect.poll(() => organiser.locator('#count-present .figure-value').textContent()).toBe('1');
    expect(await line(wei).locator('button[data-action="sign-out"]').count()).toBe(1);
    await screenshot(organiser, 'activities-roster-phone');
  });

  it('lets the organiser enter a 补录 with a photo of the paper sheet, shrunk in the browser', async () => {
    // Prepare: a big photo of a sign-in sheet, drawn in the page
    const png = await organiser.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 2400;
      canvas.height = 1800;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.fillStyle = '#f8f6ee';
      context.fillRect(0, 0, 2400, 1800);
      context.fillStyle = '#123';
      context.font = '64px sans-serif';
      for (let row = 0; row < 20; row += 1) {
        context.fillText(
          `${row + 1}  张桂兰  08:0${row % 10}  签到  ${'✓'.repeat(row % 5)}`,
          80,
          120 + row * 80,
        );
        for (let dot = 0; dot < 200; dot += 1)
          context.fillRect((dot * 37 + row * 91) % 2400, 90 + row * 80 + (dot % 13), 3, 3);
      }
      return canvas.toDataURL('image/png');
    });
    const sheet = Buffer.from(png.slice(png.indexOf(',') + 1), 'base64');
    await organiser.locator('#late-details summary').click();
    await organiser.locator('#late-org').selectOption('wenshan');
    const person = organiser.locator('#late-volunteer');
    await expect.poll(() => person.locator('option', { hasText: '张桂兰' }).count()).toBe(1);

    // Act
    await person.selectOption({
      label: (await person.locator('option', { hasText: '张桂兰' }).textContent()) ?? '',
    });
    const leftAt = wholeMinute(Date.now() - HOUR);
    await organiser.locator('#late-out-date').fill(china(leftAt).date);
    await organiser.locator('#late-out-time').fill(china(leftAt).time);
    await organiser.locator('#late-reason').fill('手机没电，在纸质签到表上签了名');
    await organiser
      .locator('#late-photo')
      .setInputFiles({ name: '签到表.png', mimeType: 'image/png', buffer: sheet });

    // Assess: the photo shrunk to the API's limit before anything is sent
    const size = organiser.locator('#late-preview [data-chars]');
    await size.waitFor();
    expect(sheet.length).toBeGreaterThan(48_000);
    expect(Number(await size.getAttribute('data-chars'))).toBeLessThanOrEqual(48_000);
    expect(await organiser.locator('#late-preview img').getAttribute('src')).toMatch(
      /^data:image\/jpeg;base64,/,
    );

    // Act
    await organiser.locator('#late-submit').click();

    // Assess: on the roster, waiting for the office
    await expect.poll(() => organiser.locator('.roster-line', { hasText: '补录待审' }).count()).toBe(1);
    await screenshot(organiser, 'activities-late-entry-phone');
  });

  it('lets the office see the sheet and approve the 补录', async () => {
    // Prepare
    office = volunteer;
    await office.setViewportSize(DESKTOP);
    await signIn(office, stack.baseUrl, 'demo-admin', '/office.html');
    await office.goto(`${stack.baseUrl}/office.html#late-entries`);
    const card = office.locator('article.late-card', { hasText: TITLE });
    await card.waitFor();
    expect(await card.textContent()).toContain('手机没电');

    // Act
    await card.locator('button[data-action="photo"]').click();
    await expect
      .poll(() => card.locator('.late-photo img').getAttribute('src'))
      .toMatch(/^data:image\/jpeg;base64,/);
    await screenshot(office, 'activities-late-queue-desktop');
    await card.locator('button[data-action="approve"]').click();

    // Assess
    await expect.poll(() => card.locator('.record-outcome').textContent()).toContain('已通过');
  });

  it('lets the organiser finish, set a forgotten sign-out and record; the office finds the record in 审核', async () => {
    // Prepare
    const wei = stack.user('demo-volunteer-wei').volunteerId ?? '';
    await organiser.locator('#roster-refresh').click();
    await expect.poll(() => organiser.locator('.roster-line', { hasText: '补录待审' }).count()).toBe(0);

    // Act: 结束
    await detail().locator('button[data-action="finish"]').click();

    // Assess: 魏仁科 never signed out, and is flagged
    await expect.poll(() => detail().getAttribute('data-status')).toBe('finished');
    await expect.poll(() => line(wei).textContent()).toContain('未签退');
    expect(await organiser.locator('#door-qr').count()).toBe(0);

    // Act: 补签退 at the time he left (the next minute: a sign-out is never before the sign-in)
    const leftAt = Date.now() + MINUTE;
    await line(wei).locator('button[data-action="sign-out-at"]').click();
    await line(wei).locator('form[data-form="sign-out-at"] input[name="date"]').fill(china(leftAt).date);
    await line(wei).locator('form[data-form="sign-out-at"] input[name="time"]').fill(china(leftAt).time);
    await line(wei).locator('form[data-form="sign-out-at"] button[type="submit"]').click();

    // Assess
    await expect.poll(() => line(wei).locator('button[data-action="sign-out-at"]').count()).toBe(0);
    expect(await line(wei).locator('.roster-times').textContent()).toContain(`${china(leftAt).time} 签退`);

    // Act: 登记工时
    await detail().locator('button[data-action="record"]').click();

    // Assess: recorded (谭成华's half hour at the door and the 补录's hours; 魏仁科's minute counts nothing), with its record
    await expect.poll(() => detail().getAttribute('data-status')).toBe('recorded');
    expect(await organiser.locator('#activity-outcome').textContent()).toContain('工时已登记：2 人');
    const recordId = (await organiser.locator('#activity-record').textContent()) ?? '';
    expect(recordId).not.toBe('');
    await screenshot(organiser, 'activities-recorded-phone');

    // Assess: the roster as a file for Excel, names masked, flags in words
    const downloading = organiser.waitForEvent('download');
    await detail().locator('button[data-export="csv"]').click();
    const csv = readFileSync((await (await downloading).path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(TITLE);
    expect(csv).toContain('谭*华');
    expect(csv).toContain('现场加入');

    // Assess: the county office's approval queue holds it, pending, under the activity's title
    await office.goto(`${stack.baseUrl}/office.html#approvals`);
    const record = office.locator(`article.record[data-id="${recordId}"]`);
    await record.waitFor();
    expect(await record.locator('h3').textContent()).toBe(TITLE);
    const pending = await stack.api<{ status: string }>(
      stack.user('demo-admin'),
      'GET',
      `/service-records/${recordId}`,
    );
    expect(pending.body.status).toBe('pending');
  });

  it('shows the activity on the office’s calendar, by day and town', async () => {
    // Act
    await office.goto(`${stack.baseUrl}/office.html#activity-calendar`);
    await office.locator('#calendar-month').selectOption(china(started).month);
    await office.locator('#calendar-month').dispatchEvent('change');
    await office.locator('#calendar-town').selectOption('shichuan');

    // Assess
    const day = office.locator(`.calendar-day[data-date="${china(started).date}"]`);
    await expect.poll(() => day.locator(`article[data-activity="${activityId}"]`).count()).toBe(1);
    expect(await day.locator(`article[data-activity="${activityId}"]`).textContent()).toContain('已登记工时');
    await office.locator('#calendar-town').selectOption('shuifu');
    await expect.poll(() => office.locator('#calendar-empty').count()).toBe(1);
    await screenshot(office, 'activities-calendar-desktop');
  });
});

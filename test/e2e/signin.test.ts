import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as OTPAuth from 'otpauth';
import type { Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIN_IDLE_HOURS } from '../../shared/identity/rules/devices';
import { keys } from '../../shared/platform/dynamo/keys';
import { type Browser, DESKTOP, launch, PHONE, screenshot, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

/**
 * Signing in with the product's own issuer, in real Chromium against the local stack: the office
 * makes a counter clerk who signs in with a password, chooses their own and works the counter; an
 * admin's authenticator code; a locked account; a coordinator activates a volunteer's phone from a
 * QR link, the phone asks its PIN when its sign-in is renewed, and is signed out when revoked; a
 * session's refresh is shared by the page's calls, and signing out ends it on the server.
 */
interface StaffMember {
  userId: string;
  username: string;
  storeId?: string;
  disabled: boolean;
  mustChangePassword: boolean;
  lockedUntil?: string;
  totpUri?: string;
}

interface StoredSession {
  token: string;
  refreshToken?: string;
  expiresAtMs?: number;
}

const CLERK = {
  username: 'e2e-counter',
  first: '什川镇爱心超市 二号柜台 初始密码',
  own: '梨花开的时候 我在柜台 2026 春',
};
const points = (value: number) => `${value.toLocaleString('zh-CN')} 分`;

const storedSession = (page: Page): Promise<StoredSession | null> =>
  page.evaluate(() => {
    const raw = localStorage.getItem('aixin.session');
    return raw === null ? null : (JSON.parse(raw) as StoredSession);
  });

/** Makes the page's stored access token look expired on the device, as after a night asleep. */
const expireAccessToken = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const session = JSON.parse(localStorage.getItem('aixin.session') ?? '{}') as { expiresAtMs?: number };
    session.expiresAtMs = Date.now() - 1000;
    localStorage.setItem('aixin.session', JSON.stringify(session));
  });

/**
 * Makes the phone's device look unused for PIN_IDLE_HOURS in the server's table (the server asks
 * the PIN only after such a sleep): its session's last use moved back, as time would have.
 */
async function sleepDevice(stack: Stack, page: Page): Promise<void> {
  const refreshToken = (await storedSession(page))?.refreshToken ?? '';
  const [sub = '', sessionId = ''] = refreshToken.split('.');
  const longAgo = new Date(Date.now() - (PIN_IDLE_HOURS + 1) * 3_600_000).toISOString();
  await stack.client.send(
    new UpdateCommand({
      TableName: stack.tableName,
      Key: keys.session(`VOL#${sub.slice(3)}`, sessionId),
      UpdateExpression: 'SET lastUsedAt = :long',
      ExpressionAttributeValues: { ':long': longAgo },
    }),
  );
}

/** Waits (Playwright's 30 s: scrypt and a loaded machine are slow) until `locator` shows `text`. */
const shows = (locator: Locator, text: string | RegExp): Promise<void> =>
  locator.filter({ hasText: text }).first().waitFor();

const posted = (page: Page, path: string): Request[] => {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === path) seen.push(request);
  });
  return seen;
};

describe('sign-in with the issuer', () => {
  let stack: Stack;
  let office: Browser;
  let officePage: Page;
  let phone: Browser;
  let clerkPage: Page;
  let volunteerPhone: Browser;
  let volunteerPage: Page;

  beforeAll(async () => {
    stack = await startStack();
    office = await launch({ viewport: DESKTOP });
    officePage = await office.context.newPage();
    phone = await launch({ viewport: PHONE });
    clerkPage = await phone.context.newPage();
    volunteerPhone = await launch({ viewport: PHONE });
    volunteerPage = await volunteerPhone.context.newPage();
  });

  afterAll(async () => {
    await volunteerPhone?.close();
    await phone?.close();
    await office?.close();
    await stack?.stop();
  });

  const staffList = async () =>
    (await stack.api<{ staff: StaffMember[] }>(stack.user('demo-admin'), 'GET', '/staff')).body.staff;

  it('the office creates a counter clerk, who signs in, is made to choose a new password, and redeems at the counter', async () => {
    // Prepare: the admin in the office page, 工作人员
    await signIn(officePage, stack.baseUrl, 'demo-admin', '/office.html');
    await officePage.locator('nav.section-nav a[href="#staff"]').click();
    const form = officePage.locator('#staff-form');
    await form.waitFor();

    // Act: a counter clerk for 什川镇爱心超市
    await officePage.locator('#staff-username').fill(CLERK.username);
    await officePage.locator('#staff-name').fill('什川镇爱心超市 二号柜台');
    await form.locator('select[name="storeId"]').selectOption('shichuan-store');
    await officePage.locator('#staff-password').fill(CLERK.first);
    await form.locator('button[type="submit"]').click();

    // Assess: listed, waiting for their own password
    const row = officePage.locator(`tr[data-username="${CLERK.username}"]`);
    await shows(row, '待改密码');
    expect(await row.textContent()).toContain('什川镇爱心超市');
    await screenshot(officePage, 'office-staff-desktop');

    // Act: the clerk on a phone; a typo first
    await clerkPage.goto(`${stack.baseUrl}/`);
    await clerkPage.locator('#username').fill(CLERK.username);
    await clerkPage.locator('#password').fill('什川镇爱心超市 二号柜台 初始密玛');
    await clerkPage.locator('#signin-submit').click();
    await shows(clerkPage.locator('#signin-message'), '用户名或密码不对');
    await clerkPage.locator('#password').fill(CLERK.first);
    await clerkPage.locator('#signin-submit').click();

    // Assess: the new-password step, before any page of work
    await clerkPage.locator('#password-form').waitFor();
    expect(await clerkPage.locator('#password-rule').textContent()).toContain('至少 15 个字符');
    await screenshot(clerkPage, 'signin-new-password-phone');
    await clerkPage.goto(`${stack.baseUrl}/counter.html`);
    await clerkPage.waitForURL((url) => url.searchParams.get('change') === '1');
    await clerkPage.locator('#current-password').waitFor();

    // Act: a short one is refused on the page; then their own phrase
    await clerkPage.locator('#current-password').fill(CLERK.first);
    await clerkPage.locator('#new-password').fill('梨花开了');
    await clerkPage.locator('#repeat-password').fill('梨花开了');
    await clerkPage.locator('#password-submit').click();
    expect(await clerkPage.locator('#password-message').textContent()).toContain(
      '至少要 15 个字符，现在是 4 个',
    );
    await clerkPage.locator('#new-password').fill(CLERK.own);
    await clerkPage.locator('#repeat-password').fill(CLERK.own);
    await clerkPage.locator('#password-submit').click();
    await clerkPage.waitForURL('**/counter.html');
    await clerkPage.waitForSelector('body[data-ready="true"] .goods[data-sku="towel"]:not([disabled])');

    // Act: 魏仁科 shows a code; a towel
    const wei = stack.user('demo-volunteer-wei');
    await stack.setBalance(wei, 100);
    const issued = await stack.api<{ code: string }>(wei, 'POST', `/volunteers/${wei.volunteerId}/code`);
    await clerkPage.locator('details.manual summary').click();
    await clerkPage.locator('#code-input').fill(issued.body.code);
    await clerkPage.locator('#code-form button[type="submit"]').click();
    await clerkPage.locator('#volunteer-name').waitFor();
    await clerkPage.locator('.goods[data-sku="towel"]').click();
    await clerkPage.locator('#confirm').click();
    await clerkPage.locator('#receipt-body').waitFor({ timeout: 30_000 });

    // Assess
    expect(await clerkPage.locator('#receipt-balance').textContent()).toBe(points(85));
    expect(await stack.balance(wei)).toBe(85);
    const clerk = (await staffList()).find((member) => member.username === CLERK.username);
    expect(clerk?.mustChangePassword).toBe(false);
  });

  it('renews an expired access token once for all of the page’s calls, and signing out ends the session on the server', async () => {
    // Prepare: the clerk's phone after a night asleep
    const before = await storedSession(clerkPage);
    expect(before?.refreshToken).toMatch(/^st_/);
    await expireAccessToken(clerkPage);
    const refreshes = posted(clerkPage, '/v1/auth/refresh');

    // Act: the counter page's first calls (catalogue, store, the day's list) all need a token
    await clerkPage.reload();
    await clerkPage.waitForSelector('body[data-ready="true"] .goods[data-sku="towel"]');

    // Assess: one refresh, and the new refresh token kept in place of the used one
    expect(refreshes).toHaveLength(1);
    const after = await storedSession(clerkPage);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    // (The used token still works once within a minute, for a phone whose answer was lost, and never
    // after: test/integration/sign-in.test.ts moves the clock to show it.)

    // Act: sign out
    const signOuts = posted(clerkPage, '/v1/auth/sign-out');
    await clerkPage.locator('button.link-button', { hasText: '退出登录' }).click();
    await clerkPage.waitForURL('**/?reason=signed-out');

    // Assess: gone here and on the server
    expect(signOuts).toHaveLength(1);
    expect(await storedSession(clerkPage)).toBeNull();
    const ended = await fetch(`${stack.baseUrl}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: after?.refreshToken }),
    });
    expect(ended.status).toBe(401);
  });

  it("asks an admin for the authenticator's code, and tells a locked account when to come back", async () => {
    // Prepare: a new admin (made through the API) and a clerk who forgot their password
    const admin = await stack.api<StaffMember>(stack.user('demo-admin'), 'POST', '/staff', {
      body: {
        username: 'e2e-admin',
        name: '县志愿服务中心 二号',
        roles: ['admin'],
        password: 'gaolan-e2e-2026',
      },
    });
    expect(admin.status).toBe(201);
    const secret = new URL(admin.body.totpUri ?? '').searchParams.get('secret') ?? '';
    const forgetful = await stack.api<StaffMember>(stack.user('demo-admin'), 'POST', '/staff', {
      body: {
        username: 'e2e-forgetful',
        name: '忠和镇柜台',
        roles: ['counter'],
        storeId: 'shichuan-store',
        password: '忠和镇爱心超市 柜台 初始密码',
      },
    });
    expect(forgetful.status).toBe(201);

    // Act: the admin's username and password
    await clerkPage.goto(`${stack.baseUrl}/`);
    await clerkPage.locator('#username').fill('e2e-admin');
    await clerkPage.locator('#password').fill('gaolan-e2e-2026');
    await clerkPage.locator('#signin-submit').click();

    // Assess: the code is asked for, in words an admin understands
    await clerkPage.locator('#totp').waitFor();
    expect(await clerkPage.locator('#signin-message').textContent()).toContain('验证器 App');
    await screenshot(clerkPage, 'signin-totp-phone');

    // Act: the code from the authenticator; then the admin's own password (8 characters do)
    const code = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(secret),
      digits: 6,
      period: 30,
    }).generate();
    await clerkPage.locator('#totp').fill(code);
    await clerkPage.locator('#signin-submit').click();
    await clerkPage.locator('#new-password').waitFor();
    expect(await clerkPage.locator('#password-rule').textContent()).toContain('至少 8 个字符');
    await clerkPage.locator('#new-password').fill('兰州鼓子 2027');
    await clerkPage.locator('#repeat-password').fill('兰州鼓子 2027');
    await clerkPage.locator('#password-submit').click();
    await clerkPage.waitForURL('**/office.html');

    // Act: five wrong passwords for the forgetful clerk, then one more on the page
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await fetch(`${stack.baseUrl}/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'e2e-forgetful', password: `not the password ${attempt}` }),
      });
      expect(wrong.status).toBe(401);
    }
    await clerkPage.goto(`${stack.baseUrl}/`);
    await clerkPage.locator('#username').fill('e2e-forgetful');
    await clerkPage.locator('#password').fill('忠和镇爱心超市 柜台 初始密码');
    await clerkPage.locator('#signin-submit').click();

    // Assess: locked, with the time to come back (China time, 15 minutes on)
    await shows(clerkPage.locator('#signin-message'), /请在 \d\d:\d\d 以后再试/);

    // Act: the office sees the lock and sets a new first password, which lifts it
    await officePage.reload();
    const row = officePage.locator('tr[data-username="e2e-forgetful"]');
    await shows(row, '已锁定');
    await row.locator('[data-action="reset"]').click();
    const reset = officePage.locator('form.staff-reset');
    await reset.locator('input[name="password"]').fill('忠和镇爱心超市 柜台 新的初始密码');
    await reset.locator('button[type="submit"]').click();

    // Assess: the new first password is set
    await shows(officePage.locator('#notice'), '已重设');

    // Act: the clerk moves to the mobile store, and is disabled, then enabled again
    const clerkRow = () => officePage.locator(`tr[data-username="${CLERK.username}"]`);
    await clerkRow().locator('[data-action="edit"]').click();
    const edit = officePage.locator('form.staff-edit');
    await edit.locator('select[name="storeId"]').selectOption('mobile-1');
    await edit.locator('button[type="submit"]').click();
    await shows(clerkRow(), '流动爱心超市1号');
    await clerkRow().locator('[data-action="disable"]').click();
    await officePage.locator('[data-action="confirm-disable"]').click();
    await shows(clerkRow(), '已停用');
    const disabled = await fetch(`${stack.baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: CLERK.username, password: CLERK.own }),
    });
    await clerkRow().locator('[data-action="enable"]').click();

    // Assess: refused while disabled, and in the office list as it is now
    expect(disabled.status).toBe(401);
    await shows(clerkRow(), '正常');
    const moved = (await staffList()).find((member) => member.username === CLERK.username);
    expect(moved).toMatchObject({ storeId: 'mobile-1', disabled: false });
  });

  it('a new first password from the office lifts the lock at once', async () => {
    const member = (await staffList()).find((candidate) => candidate.username === 'e2e-forgetful');
    const again = await fetch(`${stack.baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'e2e-forgetful', password: '忠和镇爱心超市 柜台 新的初始密码' }),
    });
    expect({ lockedUntil: member?.lockedUntil, status: again.status }).toEqual({
      lockedUntil: undefined,
      status: 200,
    });
  });

  it("a coordinator activates a volunteer's phone from a QR link; the phone shows the balance and asks its PIN when renewed", async () => {
    // Prepare: 什川镇's coordinator, 文山村's volunteers
    const wei = stack.user('demo-volunteer-wei');
    await stack.setBalance(wei, 120);
    await signIn(officePage, stack.baseUrl, 'demo-coordinator', '/office.html');
    await officePage.goto(`${stack.baseUrl}/office.html#volunteers`);
    await officePage.locator('#org-picker').selectOption('wenshan');
    const row = officePage.locator(`tr[data-volunteer="${wei.volunteerId}"]`);
    await row.waitFor();

    // Act: 激活手机
    await row.locator('[data-action="activate-phone"]').click();
    const shown = officePage.locator('#activation-shown-code');
    await shown.waitFor();

    // Assess: a 6-digit code read out in two threes, a QR code of the link, 15 minutes
    expect(await shown.textContent()).toMatch(/^\d{3} \d{3}$/);
    expect(await officePage.locator('#activation-timer').textContent()).toMatch(/^1[45]:\d\d 后失效$/);
    const link = (await officePage.locator('.phone-panel .qr-holder').getAttribute('data-link')) ?? '';
    expect(link).toMatch(new RegExp(`^${stack.baseUrl}/\\?activate#[A-Za-z0-9_-]{43}$`));
    await screenshot(officePage, 'office-activate-phone-desktop');

    // Act: the volunteer's phone opens the QR link, names itself and sets a PIN
    await volunteerPage.goto(link);
    await volunteerPage.locator('#activation-from-link').waitFor();
    expect(new URL(volunteerPage.url()).hash).toBe('');
    await screenshot(volunteerPage, 'activate-phone');
    await volunteerPage.locator('details.activation-extras summary').click();
    await volunteerPage.locator('#device-name').fill('魏仁科的手机');
    await volunteerPage.locator('#device-pin').fill('2580');
    await volunteerPage.locator('#device-pin-repeat').fill('2580');
    await volunteerPage.locator('#activation-submit').click();

    // Assess: the volunteer's page with the balance
    await volunteerPage.waitForURL('**/volunteer.html');
    await shows(volunteerPage.locator('#balance'), points(120));
    expect((await storedSession(volunteerPage))?.refreshToken).toMatch(/^vo_/);

    // Assess: the office lists the phone
    await row.locator('[data-action="phones"]').click();
    const device = officePage.locator('.phone-panel li.device');
    await shows(device, '魏仁科的手机');
    expect(await device.textContent()).toContain('有数字密码');

    // Act: the phone lay unused overnight and its token has expired: the PIN, wrong first
    await sleepDevice(stack, volunteerPage);
    await expireAccessToken(volunteerPage);
    await volunteerPage.reload();
    await volunteerPage.locator('#pin-input').waitFor();
    await screenshot(volunteerPage, 'volunteer-pin-phone');
    await volunteerPage.locator('#pin-input').fill('1111');
    await volunteerPage.locator('.pin-prompt button[type="submit"]').click();
    await shows(volunteerPage.locator('#pin-message'), '还可以试 4 次');
    await volunteerPage.locator('#pin-input').fill('2580');
    await volunteerPage.locator('.pin-prompt button[type="submit"]').click();

    // Assess
    await shows(volunteerPage.locator('#balance'), points(120));
    expect(await volunteerPage.locator('#pin-input').count()).toBe(0);
  });

  it('a revoked phone is sent back to sign-in on its next call', async () => {
    // Act: the coordinator signs the lost phone out
    const device = officePage.locator('.phone-panel li.device');
    await device.locator('[data-action="revoke"]').click();
    await device.locator('[data-action="confirm-revoke"]').click();
    await shows(officePage.locator('.phone-panel'), '还没有已登录的手机');

    // Act: the phone's next call (a new code for the counter)
    await volunteerPage.locator('#renew-code').click();

    // Assess: back at sign-in, told why, with the way to activate again
    await volunteerPage.waitForURL(
      (url) =>
        url.searchParams.get('reason') === 'expired' && url.searchParams.get('next') === '/volunteer.html',
    );
    await volunteerPage.locator('#activation-ended').waitFor();
    expect(await storedSession(volunteerPage)).toBeNull();
    await screenshot(volunteerPage, 'volunteer-signed-out-phone');
  });
});

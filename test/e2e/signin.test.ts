import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../web/src/platform/config';
import { codeChallenge } from '../../web/src/platform/pkce';
import { claimsOf } from '../../web/src/platform/session';
import { type Browser, launch, PHONE, signIn } from './support/browser';
import { type Stack, startStack } from './support/stack';

const COGNITO = 'https://aixin-points-test.auth.cn-north-1.amazoncognito.com';

describe('sign-in helpers', () => {
  it('derives the PKCE challenge as RFC 7636 does (appendix B)', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('reads the groups claim both as a token has it and as API Gateway hands it on', () => {
    const token = (claims: Record<string, unknown>) =>
      `x.${Buffer.from(JSON.stringify({ sub: 'u', exp: 2_000_000_000, ...claims })).toString('base64url')}.y`;
    expect(claimsOf(token({ 'cognito:groups': ['counter'], 'custom:storeId': 'S1' }))).toMatchObject({
      groups: ['counter'],
      storeId: 'S1',
    });
    expect(claimsOf(token({ 'cognito:groups': '[admin counter]' }))?.groups).toEqual(['admin', 'counter']);
    expect(claimsOf('not a token')).toBeUndefined();
  });

  it('takes the deployment settings from config.json, and the local stack without one', () => {
    expect(parseConfig(undefined)).toEqual({ mode: 'local', apiBase: '/v1' });
    expect(
      parseConfig({
        mode: 'cognito',
        apiBase: 'https://api.example.cn/v1/',
        cognito: { domain: 'x.auth.cn-north-1.amazoncognito.com', clientId: 'c', redirectUri: 'https://s/' },
      }),
    ).toEqual({
      mode: 'cognito',
      apiBase: 'https://api.example.cn/v1',
      cognito: {
        domain: 'https://x.auth.cn-north-1.amazoncognito.com',
        clientId: 'c',
        redirectUri: 'https://s/',
      },
    });
  });
});

/**
 * The AWS sign-in in real Chromium: /config.json says "cognito", the page sends the browser to the
 * hosted UI with a PKCE challenge, and exchanges the code (with the verifier) for an ID token. The
 * hosted UI and token endpoint are stood in for by routes in the browser; the ID token is a local
 * token, so the API accepts it and the counter page works with it.
 */
describe('sign-in with Cognito (authorization code + PKCE)', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launch({ viewport: PHONE });
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('sends the browser to the hosted UI with S256, exchanges the code with the verifier, and lands on the role page', async () => {
    // Prepare
    const config = {
      mode: 'cognito',
      apiBase: '/v1',
      cognito: { domain: COGNITO, clientId: 'web-client', redirectUri: `${stack.baseUrl}/` },
    };
    await page.route('**/config.json', (route) => route.fulfill({ json: config }));
    let authorize: URLSearchParams | undefined;
    await page.route(`${COGNITO}/oauth2/authorize**`, async (route) => {
      authorize = new URL(route.request().url()).searchParams;
      const back = new URL(`${stack.baseUrl}/`);
      back.searchParams.set('code', 'the-code');
      back.searchParams.set('state', authorize.get('state') ?? '');
      await route.fulfill({ status: 302, headers: { location: back.toString() } });
    });
    let exchange: URLSearchParams | undefined;
    await page.route(`${COGNITO}/oauth2/token`, async (route) => {
      exchange = new URLSearchParams(route.request().postData() ?? '');
      await route.fulfill({
        headers: { 'access-control-allow-origin': '*' },
        json: {
          id_token: stack.tokenFor(stack.user('demo-counter')),
          refresh_token: 'r',
          token_type: 'Bearer',
        },
      });
    });

    // Act
    await page.goto(`${stack.baseUrl}/?next=/counter.html`);
    await page.locator('button.button.primary', { hasText: '登录' }).click();
    await page.waitForURL('**/counter.html');
    await page.waitForSelector('body[data-ready="true"] .goods');

    // Assess: the challenge is the verifier's SHA-256, the state came back, the code was exchanged
    expect(authorize?.get('code_challenge_method')).toBe('S256');
    expect(authorize?.get('client_id')).toBe('web-client');
    expect(authorize?.get('redirect_uri')).toBe(`${stack.baseUrl}/`);
    expect(exchange?.get('grant_type')).toBe('authorization_code');
    expect(exchange?.get('code')).toBe('the-code');
    const verifier = exchange?.get('code_verifier') ?? '';
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorize?.get('code_challenge'));
    expect(await page.locator('.goods').count()).toBeGreaterThan(5);
  });

  it('signs out through the hosted UI', async () => {
    let logout: URLSearchParams | undefined;
    await page.route(`${COGNITO}/logout**`, async (route) => {
      logout = new URL(route.request().url()).searchParams;
      await route.fulfill({ status: 302, headers: { location: `${stack.baseUrl}/` } });
    });
    await page.locator('button.link-button', { hasText: '退出登录' }).click();
    await page.waitForURL(`${stack.baseUrl}/`);
    expect(logout?.get('client_id')).toBe('web-client');
    expect(await page.evaluate(() => localStorage.getItem('aixin.session'))).toBeNull();
  });

  it('a local demo sign-in still works from the same page', async () => {
    await page.unroute('**/config.json');
    await signIn(page, stack.baseUrl, 'demo-volunteer', '/volunteer.html');
    expect(await page.locator('#hello').textContent()).toContain('谭成华');
  });
});

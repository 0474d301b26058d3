import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLERS, type County, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack } from '../support/api-stack';
import { freshTable } from './support';

/**
 * Sign-in over real HTTP through the local gateway and the endpoint: a signed-in clerk's token
 * works until an admin changes what the clerk may do, and from the next request on it does not;
 * a volunteer's phone reads its balance until the office revokes it.
 */
let stack: ApiStack;
let county: County;

/** The clerk's own password, chosen at the first sign-in (the first one only opens that step). */
const OWN_PASSWORD = '柜台的新密码 shichuan 2027';

beforeAll(async () => {
  const table = await freshTable('sign-in-http');
  stack = await startApiStack({ TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

const signIn = async (password = OWN_PASSWORD) => {
  const answer = await stack.call('POST', '/v1/auth/sign-in', {
    json: { username: county.clerk.username, password },
  });
  expect(answer.status).toBe(200);
  return answer.json() as {
    accessToken: string;
    refreshToken: string;
    user: { storeId?: string; mustChangePassword: boolean };
  };
};

describe('sign-in over HTTP', () => {
  it('a first password opens only the password change; the own password opens the rest', async () => {
    const first = await signIn(county.clerk.password);
    expect(first.user.mustChangePassword).toBe(true);
    const blocked = await stack.call('GET', '/v1/stores/S1', { token: first.accessToken });
    expect([blocked.status, blocked.json().reason]).toEqual([403, 'password-change-required']);
    const changed = await stack.call('POST', '/v1/auth/password', {
      token: first.accessToken,
      json: { currentPassword: county.clerk.password, newPassword: OWN_PASSWORD },
    });
    expect(changed.status).toBe(200);
    // The token that could only change the password stops; a refresh gives the full one.
    expect((await stack.call('GET', '/v1/stores/S1', { token: first.accessToken })).status).toBe(401);
    const refreshed = (
      await stack.call('POST', '/v1/auth/refresh', { json: { refreshToken: first.refreshToken } })
    ).json() as { accessToken: string; user: { mustChangePassword: boolean } };
    expect(refreshed.user.mustChangePassword).toBe(false);
    expect((await stack.call('GET', '/v1/stores/S1', { token: refreshed.accessToken })).status).toBe(200);
  });

  it('the discovery document names the JWKS, and the JWKS holds the key that signs', async () => {
    const discovery = (await stack.call('GET', '/v1/auth/.well-known/openid-configuration')).json();
    expect(discovery).toMatchObject({
      issuer: 'aixin-local',
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const jwks = (await stack.call('GET', String(discovery.jwks_uri))).json() as {
      keys: { kid: string; alg: string }[];
    };
    const header = JSON.parse(
      Buffer.from((await signIn()).accessToken.split('.')[0] ?? '', 'base64url').toString(),
    );
    expect(jwks.keys.map((key) => [key.kid, key.alg])).toEqual([[header.kid, 'RS256']]);
  });

  it("a clerk's token stops at the next request once an admin moves the clerk to another store", async () => {
    const { accessToken } = await signIn();
    expect((await stack.call('GET', '/v1/stores/S1', { token: accessToken })).status).toBe(200);
    const admin = stackToken(CALLERS.admin);
    const moved = await stack.call('PUT', `/v1/staff/${county.clerk.userId}`, {
      token: admin,
      json: { storeId: 'S2' },
    });
    expect(moved.status).toBe(200);
    const refused = await stack.call('GET', '/v1/stores/S1', { token: accessToken });
    expect([refused.status, refused.json().code]).toEqual([401, 'UNAUTHENTICATED']);
    const again = await signIn();
    expect(again.user.storeId).toBe('S2');
    expect((await stack.call('GET', '/v1/stores/S2', { token: again.accessToken })).status).toBe(200);
  });

  it("a volunteer's phone reads the balance until the office revokes it", async () => {
    const phone = await county.freshDevice();
    const refreshed = await stack.call('POST', '/v1/auth/refresh', {
      json: { refreshToken: phone.refreshToken },
    });
    const { accessToken } = refreshed.json() as { accessToken: string };
    const balance = await stack.call('GET', `/v1/volunteers/${county.tan}/balance`, { token: accessToken });
    expect(balance.status).toBe(200);
    const admin = stackToken(CALLERS.admin);
    const revoked = await stack.call('DELETE', `/v1/volunteers/${county.tan}/devices/${phone.deviceId}`, {
      token: admin,
    });
    expect(revoked.status).toBe(204);
    expect(
      (await stack.call('GET', `/v1/volunteers/${county.tan}/balance`, { token: accessToken })).status,
    ).toBe(401);
  });
});

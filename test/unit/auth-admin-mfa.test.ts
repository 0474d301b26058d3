import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import {
  ACCEPTED_MFA_METHODS,
  hasAcceptedMfa,
  MFA_REQUIRED_GROUPS,
  needsMfa,
  preTokenGeneration,
  REFUSAL_MESSAGE,
} from '../../functions/platform/pre-token-generation';

function tokenEvent(
  groups: string[] | undefined,
  triggerSource: PreTokenGenerationTriggerEvent['triggerSource'] = 'TokenGeneration_Authentication',
): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    triggerSource,
    region: 'cn-northwest-1',
    userPoolId: 'cn-northwest-1_Pool',
    userName: 'wang.fang',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'web-client' },
    request: {
      userAttributes: { sub: '5f0c-sub', email: 'wang.fang@example.cn' },
      groupConfiguration:
        groups === undefined
          ? {}
          : { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
    },
    response: { claimsOverrideDetails: {} },
  } as PreTokenGenerationTriggerEvent;
}

describe('the admin MFA guard (pre-token generation)', () => {
  it('requires a second factor of the admin group only, and counts TOTP only', () => {
    expect(MFA_REQUIRED_GROUPS).toEqual(['admin']);
    expect(ACCEPTED_MFA_METHODS).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(needsMfa(['admin'])).toBe(true);
    expect(needsMfa(['coordinator', 'admin'])).toBe(true);
    expect(needsMfa(['coordinator', 'counter', 'volunteer'])).toBe(false);
    expect(needsMfa(['Admin'])).toBe(false);
    expect(hasAcceptedMfa(['SOFTWARE_TOKEN_MFA'])).toBe(true);
    expect(hasAcceptedMfa(['SMS_MFA', 'EMAIL_OTP'])).toBe(false);
    expect(hasAcceptedMfa([])).toBe(false);
  });

  it.each([
    ['volunteer', ['volunteer']],
    ['counter and coordinator', ['counter', 'coordinator']],
    ['no group', []],
    ['no group configuration', undefined],
  ])('lets a user with %s through unchanged, without asking Cognito', async (_name, groups) => {
    // Prepare
    const lookup = vi.fn(async () => [] as string[]);
    const event = tokenEvent(groups);
    // Act
    const result = await preTokenGeneration(lookup)(event);
    // Assess
    expect(result).toBe(event);
    expect(result.response).toEqual({ claimsOverrideDetails: {} });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('lets an administrator with TOTP turned on through, looking up that user in that pool', async () => {
    const lookup = vi.fn(async () => ['SOFTWARE_TOKEN_MFA']);
    const event = tokenEvent(['admin']);
    await expect(preTokenGeneration(lookup)(event)).resolves.toBe(event);
    expect(lookup).toHaveBeenCalledWith('cn-northwest-1_Pool', 'wang.fang');
  });

  it.each([
    ['no MFA at all', []],
    ['TOTP associated but not turned on', []],
    ['a factor the pool does not offer', ['SMS_MFA']],
  ])('refuses tokens to an administrator with %s', async (_name, methods) => {
    const lookup = vi.fn(async () => methods);
    await expect(preTokenGeneration(lookup)(tokenEvent(['coordinator', 'admin']))).rejects.toThrow(
      REFUSAL_MESSAGE,
    );
  });

  it.each([
    'TokenGeneration_HostedAuth',
    'TokenGeneration_Authentication',
    'TokenGeneration_NewPasswordChallenge',
    'TokenGeneration_RefreshTokens',
  ] as const)(
    'applies the same rule on %s (a refresh cannot keep an admin session without TOTP)',
    async (source) => {
      const refuse = preTokenGeneration(async () => []);
      const allow = preTokenGeneration(async () => ['SOFTWARE_TOKEN_MFA']);
      await expect(refuse(tokenEvent(['admin'], source))).rejects.toThrow(REFUSAL_MESSAGE);
      await expect(allow(tokenEvent(['admin'], source))).resolves.toBeDefined();
    },
  );

  it('fails closed: no tokens for an administrator when the lookup fails', async () => {
    const lookup = vi.fn(async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    });
    await expect(preTokenGeneration(lookup)(tokenEvent(['admin']))).rejects.toThrow(/could not be checked/);
  });
});

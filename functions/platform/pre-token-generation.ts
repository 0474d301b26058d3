import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { logger } from '../../shared/platform/observability';
import type { Role } from '../../shared/platform/principal';

/**
 * Cognito pre-token-generation trigger (event version 1): no tokens for an administrator without a
 * second factor.
 *
 * Cognito cannot require MFA for one group only, and the volunteers (many elderly, many without a
 * smartphone) cannot be made to use it, so the pool's MFA is OPTIONAL with TOTP as the only factor.
 * This trigger closes the gap for the `admin` group. Cognito calls it before it issues tokens, on
 * every sign-in and every refresh, and its event lists the user's groups but says nothing about how
 * the user authenticated. So for a member of `admin` it asks Cognito (AdminGetUser) which MFA
 * methods the user has turned on, and throws, which makes Cognito refuse the tokens, unless TOTP is
 * among them. That is enough because a user with MFA turned on is always challenged for it at
 * sign-in when MFA is optional, whatever adaptive authentication decides, and device remembering
 * (which could skip the challenge) is not enabled on the pool. A failed lookup refuses too.
 *
 * Non-admin users cost nothing: no lookup, the event passes through unchanged.
 */

/** Groups whose members must have a second factor turned on. */
export const MFA_REQUIRED_GROUPS: readonly Role[] = ['admin'];

/** The factors that count: the pool offers TOTP only (no SMS, no email codes). */
export const ACCEPTED_MFA_METHODS: readonly string[] = ['SOFTWARE_TOKEN_MFA'];

/** What the user shows when Cognito refuses: `PreTokenGeneration failed with error <this>.` */
export const REFUSAL_MESSAGE =
  'Administrators must set up an authenticator app (TOTP) before signing in; ask another administrator';

/** The MFA methods a user has turned on (AdminGetUser's UserMFASettingList). */
export type MfaMethodsLookup = (userPoolId: string, userName: string) => Promise<readonly string[]>;

let client: CognitoIdentityProviderClient | undefined;

export const cognitoMfaMethods: MfaMethodsLookup = async (userPoolId, userName) => {
  client ??= new CognitoIdentityProviderClient({});
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }));
  return user.UserMFASettingList ?? [];
};

export function needsMfa(groups: readonly string[]): boolean {
  return groups.some((group) => (MFA_REQUIRED_GROUPS as readonly string[]).includes(group));
}

export function hasAcceptedMfa(methods: readonly string[]): boolean {
  return methods.some((method) => ACCEPTED_MFA_METHODS.includes(method));
}

/** The handler with its lookup passed in, so that tests need no Cognito. */
export function preTokenGeneration(lookup: MfaMethodsLookup) {
  return async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
    const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
    if (!needsMfa(groups)) return event;
    // The user's opaque id, never the username or email: those are personal data.
    const context = { triggerSource: event.triggerSource, sub: event.request.userAttributes?.sub };
    let methods: readonly string[];
    try {
      methods = await lookup(event.userPoolId, event.userName);
    } catch (error) {
      logger.error('admin MFA check failed; tokens refused', {
        ...context,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      throw new Error('The sign-in could not be checked; try again in a minute');
    }
    if (!hasAcceptedMfa(methods)) {
      logger.warn('admin without TOTP; tokens refused', context);
      throw new Error(REFUSAL_MESSAGE);
    }
    return event;
  };
}

export const handler = preTokenGeneration(cognitoMfaMethods);

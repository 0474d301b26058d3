import type { CognitoSettings } from './config';
import { claimsOf, type Session } from './session';

/**
 * Sign-in with Cognito's hosted UI: the authorization code flow with PKCE (RFC 7636), as a public
 * client without a secret. The verifier and state live in sessionStorage for the one round trip.
 */
const PKCE_KEY = 'aixin.pkce';
const DEFAULT_SCOPES = ['openid', 'profile', 'email'];

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomToken(byteCount = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export async function beginCognitoSignIn(cognito: CognitoSettings, next: string | undefined): Promise<void> {
  const verifier = randomToken(48);
  const state = randomToken(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, next }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: cognito.clientId,
    redirect_uri: cognito.redirectUri,
    scope: (cognito.scopes ?? DEFAULT_SCOPES).join(' '),
    state,
    code_challenge_method: 'S256',
    code_challenge: await codeChallenge(verifier),
  });
  location.assign(`${cognito.domain}/oauth2/authorize?${query.toString()}`);
}

interface TokenAnswer {
  id_token?: string;
  refresh_token?: string;
}

async function tokenRequest(cognito: CognitoSettings, form: Record<string, string>): Promise<TokenAnswer> {
  const answer = await fetch(`${cognito.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  if (!answer.ok) throw new Error(`token endpoint answered ${answer.status}`);
  return (await answer.json()) as TokenAnswer;
}

export class SignInError extends Error {}

/** Exchanges `?code=&state=` for tokens; the ID token carries the groups and custom claims. */
export async function completeCognitoSignIn(
  cognito: CognitoSettings,
  apiBase: string,
  params: URLSearchParams,
): Promise<{ session: Session; next: string | undefined }> {
  const raw = sessionStorage.getItem(PKCE_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  const saved =
    raw === null ? undefined : (JSON.parse(raw) as { verifier: string; state: string; next?: string });
  const code = params.get('code');
  if (saved === undefined || code === null || params.get('state') !== saved.state) {
    throw new SignInError('state mismatch');
  }
  const tokens = await tokenRequest(cognito, {
    grant_type: 'authorization_code',
    client_id: cognito.clientId,
    code,
    redirect_uri: cognito.redirectUri,
    code_verifier: saved.verifier,
  });
  const claims = tokens.id_token === undefined ? undefined : claimsOf(tokens.id_token);
  if (tokens.id_token === undefined || claims === undefined) throw new SignInError('no id token');
  return {
    session: {
      token: tokens.id_token,
      ...(tokens.refresh_token === undefined ? {} : { refreshToken: tokens.refresh_token }),
      apiBase,
      mode: 'cognito',
      cognito,
      claims,
    },
    next: saved.next,
  };
}

/** A new ID token from the refresh token (a counter stays signed in through the day). */
export async function refreshCognitoSession(session: Session): Promise<Session | undefined> {
  if (session.cognito === undefined || session.refreshToken === undefined) return undefined;
  try {
    const tokens = await tokenRequest(session.cognito, {
      grant_type: 'refresh_token',
      client_id: session.cognito.clientId,
      refresh_token: session.refreshToken,
    });
    const claims = tokens.id_token === undefined ? undefined : claimsOf(tokens.id_token);
    if (tokens.id_token === undefined || claims === undefined) return undefined;
    return { ...session, token: tokens.id_token, claims };
  } catch {
    return undefined;
  }
}

export function cognitoLogoutUrl(cognito: CognitoSettings): string {
  const query = new URLSearchParams({
    client_id: cognito.clientId,
    logout_uri: cognito.logoutUri ?? cognito.redirectUri,
  });
  return `${cognito.domain}/logout?${query.toString()}`;
}

import { TOKEN_ALGORITHM } from '../rules/tokens';

/**
 * The OpenID discovery document API Gateway's JWT authorizer reads at
 * `{issuer}/.well-known/openid-configuration` to find the keys (`jwks_uri`). Our tokens are
 * access tokens signed RS256; nothing here is an OpenID Provider's full metadata beyond what the
 * document must hold.
 */
export function openIdConfiguration(issuer: string) {
  const base = issuer.startsWith('https://') ? issuer : '/v1/auth';
  return {
    issuer,
    jwks_uri: `${base}/jwks.json`,
    token_endpoint: `${base}/sign-in`,
    id_token_signing_alg_values_supported: [TOKEN_ALGORITHM],
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    claims_supported: [
      'sub',
      'cognito:groups',
      'custom:volunteerId',
      'custom:storeId',
      'custom:orgId',
      'ver',
      'sid',
    ],
  };
}

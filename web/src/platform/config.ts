/**
 * The deployment's settings, read from /config.json (written by the deployment next to the pages;
 * the local server answers it itself). Without it the pages assume the local stack.
 */
export interface CognitoSettings {
  /** The hosted UI's domain, e.g. https://aixin-points-prod-123.auth.cn-north-1.amazoncognito.com */
  domain: string;
  clientId: string;
  /** Where Cognito sends the browser back to: the sign-in page, `https://<site>/`. */
  redirectUri: string;
  /** Where Cognito's logout sends the browser; default the redirect URI. */
  logoutUri?: string;
  scopes?: string[];
}

export interface WebConfig {
  mode: 'local' | 'cognito';
  /** The API's base: same-origin `/v1` unless the deployment says otherwise. */
  apiBase: string;
  cognito?: CognitoSettings;
  /** A line shown on the sign-in page (e.g. "测试环境"). */
  banner?: string;
  /** Set when /config.json could not be read and these are the defaults. */
  missing?: true;
}

const LOCAL: WebConfig = { mode: 'local', apiBase: '/v1' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseConfig(value: unknown): WebConfig {
  if (!isRecord(value)) return LOCAL;
  const apiBase = typeof value.apiBase === 'string' && value.apiBase !== '' ? value.apiBase : '/v1';
  const banner = typeof value.banner === 'string' ? value.banner : undefined;
  const cognito = value.cognito;
  if (value.mode === 'cognito' && isRecord(cognito)) {
    const { domain, clientId, redirectUri, logoutUri, scopes } = cognito;
    if (typeof domain === 'string' && typeof clientId === 'string' && typeof redirectUri === 'string') {
      return {
        mode: 'cognito',
        apiBase: apiBase.replace(/\/$/, ''),
        ...(banner === undefined ? {} : { banner }),
        cognito: {
          domain: /^https?:\/\//.test(domain) ? domain.replace(/\/$/, '') : `https://${domain}`,
          clientId,
          redirectUri,
          ...(typeof logoutUri === 'string' ? { logoutUri } : {}),
          ...(Array.isArray(scopes) ? { scopes: scopes.filter((scope) => typeof scope === 'string') } : {}),
        },
      };
    }
  }
  return { mode: 'local', apiBase: apiBase.replace(/\/$/, ''), ...(banner === undefined ? {} : { banner }) };
}

export async function loadConfig(): Promise<WebConfig> {
  try {
    const answer = await fetch('/config.json', { cache: 'no-cache' });
    if (answer.ok) return parseConfig(await answer.json());
  } catch {
    // below
  }
  return { ...LOCAL, missing: true };
}

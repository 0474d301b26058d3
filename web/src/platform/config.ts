/**
 * The deployment's settings, read from /config.json (written by the deployment next to the pages;
 * the local server answers it itself). `local` is `npm start` (the demo sign-in exists beside the
 * password form); anything else is a deployment whose own issuer signs people in (`issuer`).
 */
export interface WebConfig {
  mode: 'local' | 'issuer';
  /** The API's base: same-origin `/v1` unless the deployment says otherwise. */
  apiBase: string;
  /** A line shown on the sign-in page (e.g. "测试环境"). */
  banner?: string;
  /** The deployment's county as people name it (皋兰县), for printed pages' footers. */
  county?: string;
  /** Set when /config.json could not be read and these are the defaults. */
  missing?: true;
}

const DEFAULT_API_BASE = '/v1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tolerant: an unknown or missing mode (an older file, a typo) is a deployment, never the demo. */
export function parseConfig(value: unknown): WebConfig {
  const record = isRecord(value) ? value : {};
  const apiBase =
    typeof record.apiBase === 'string' && record.apiBase.trim() !== ''
      ? record.apiBase.trim()
      : DEFAULT_API_BASE;
  const banner = typeof record.banner === 'string' && record.banner !== '' ? record.banner : undefined;
  const county =
    typeof record.county === 'string' && record.county.trim() !== ''
      ? record.county.trim().slice(0, 50)
      : undefined;
  return {
    mode: record.mode === 'local' ? 'local' : 'issuer',
    apiBase: apiBase.replace(/\/+$/, ''),
    ...(banner === undefined ? {} : { banner }),
    ...(county === undefined ? {} : { county }),
  };
}

export async function loadConfig(): Promise<WebConfig> {
  try {
    const answer = await fetch('/config.json', { cache: 'no-cache' });
    if (answer.ok) return parseConfig(await answer.json());
  } catch {
    // below
  }
  return { mode: 'issuer', apiBase: DEFAULT_API_BASE, missing: true };
}

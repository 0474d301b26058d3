/**
 * `npm run token -- --role counter --store S1` prints a local token (and nothing else) on stdout:
 * RS256, signed with the local issuer's key (AIXIN_SIGNING_KEY_FILE, default
 * `.keys/local-signing-key.pem`, made on first use), the key `npm start` checks tokens with. Local
 * only: a deployment's tokens come from signing in.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LocalKeySigner } from '../shared/identity/store/local-signer';
import { ID_PATTERN } from '../shared/platform/limits';
import { ROLES, type Role } from '../shared/platform/principal';
import { localSigner, signLocalToken } from './local/local-issuer';

export const DEFAULT_TTL_SECONDS = 12 * 60 * 60;
const TTL_MAX_SECONDS = 30 * 24 * 60 * 60;

export const USAGE = `Usage: npm run token -- --role <role>[,<role>...] [options]

  --role, -r ROLE     admin | coordinator | counter | volunteer (repeat, or comma-separate)
  --store ID          custom:storeId      (for counter)
  --volunteer ID      custom:volunteerId  (for volunteer)
  --org ID            custom:orgId        (for coordinator)
  --sub ID            the user id (default: derived from the roles and ids)
  --ttl SECONDS       lifetime, default ${DEFAULT_TTL_SECONDS} (12 h), at most ${TTL_MAX_SECONDS}
  --help, -h          this text

Example: npm run token -- --role counter --store S1`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface TokenRequest {
  sub: string;
  groups: Role[];
  volunteerId?: string | undefined;
  storeId?: string | undefined;
  orgId?: string | undefined;
  ttlSeconds: number;
  /** Advice for stderr: the token is valid, but probably not what was meant. */
  warnings: string[];
}

function checkId(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!ID_PATTERN.test(value)) {
    throw new UsageError(`--${option} must be 1-64 characters of A-Z a-z 0-9 _ - (got "${value}")`);
  }
  return value;
}

/** Parses the command line; throws UsageError on anything it does not understand. */
export function parseTokenArgs(argv: readonly string[]): TokenRequest | 'help' {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return 'help';

  const groups: Role[] = [];
  for (const name of (values.role ?? []).flatMap((value) => value.split(','))) {
    const role = name.trim();
    if (role === '') continue;
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new UsageError(`Unknown role "${role}"; use one of ${ROLES.join(', ')}`);
    }
    if (!groups.includes(role as Role)) groups.push(role as Role);
  }
  if (groups.length === 0) throw new UsageError('--role is required');

  let ttlSeconds = DEFAULT_TTL_SECONDS;
  if (values.ttl !== undefined) {
    if (!/^\d+$/.test(values.ttl)) throw new UsageError(`--ttl must be a whole number of seconds`);
    ttlSeconds = Number(values.ttl);
    if (ttlSeconds < 1 || ttlSeconds > TTL_MAX_SECONDS) {
      throw new UsageError(`--ttl must be between 1 and ${TTL_MAX_SECONDS} seconds`);
    }
  }

  const storeId = checkId(values.store, 'store');
  const volunteerId = checkId(values.volunteer, 'volunteer');
  const orgId = checkId(values.org, 'org');
  const sub =
    checkId(values.sub, 'sub') ??
    ['local', ...groups, volunteerId, storeId, orgId]
      .filter((part) => part !== undefined)
      .join('-')
      .slice(0, 64);

  const warnings: string[] = [];
  const scopes: [Role, string | undefined, string][] = [
    ['counter', storeId, '--store'],
    ['volunteer', volunteerId, '--volunteer'],
    ['coordinator', orgId, '--org'],
  ];
  for (const [role, value, option] of scopes) {
    if (groups.includes(role) && value === undefined) {
      warnings.push(`note: a ${role} token without ${option} is refused by routes that check its scope`);
    }
    if (!groups.includes(role) && value !== undefined) {
      warnings.push(`note: ${option} only matters with --role ${role}`);
    }
  }
  return { sub, groups, volunteerId, storeId, orgId, ttlSeconds, warnings };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      role: { type: 'string', short: 'r', multiple: true },
      store: { type: 'string' },
      volunteer: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function main(argv: readonly string[]): number {
  let request: TokenRequest | 'help';
  try {
    request = parseTokenArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`token: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (request === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const stage = process.env.STAGE;
  if (stage !== undefined && stage !== '' && stage !== 'local') {
    process.stderr.write(`token: local tokens are for STAGE=local only (STAGE=${stage}); sign in instead\n`);
    return 2;
  }
  let signer: LocalKeySigner;
  try {
    signer = localSigner(process.env);
  } catch (error) {
    process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  for (const warning of request.warnings) process.stderr.write(`token: ${warning}\n`);
  const { warnings: _, ...subject } = request;
  process.stdout.write(`${signLocalToken(subject, signer)}\n`);
  return 0;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = main(process.argv.slice(2));

/**
 * `npm run admin:create -- --username <name> [--name <显示名>]`: the county's first admin (and any
 * later one made outside the office page). It reaches the same table as `npm run audit` (the local
 * one, or with AIXIN_TARGET=aws the deployed one, with the deployer's AWS credentials), makes an
 * admin with a random one-time password and a TOTP secret, and prints both once: the admin signs
 * in with the password and the code their authenticator app shows, then chooses their own password.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { identityDepsOf } from '../shared/identity/store/identity-deps';
import { createStaff } from '../shared/identity/use-cases/staff';
import { AppError } from '../shared/platform/errors';
import { SYSTEM_PRINCIPAL } from '../shared/platform/principal';
import { connectTarget, runtimeOf } from './local/target';

/** Bytes of the one-time password: 15 bytes are 20 base32-like characters, above the admin minimum. */
const ONE_TIME_PASSWORD_BYTES = 15;

const { values } = parseArgs({
  options: { username: { type: 'string' }, name: { type: 'string', default: '管理员' } },
  strict: true,
});
if (values.username === undefined) {
  console.error('Usage: npm run admin:create -- --username <name> [--name <显示名>]');
  process.exit(2);
}

let exitCode = 0;
const target = await connectTarget();
try {
  const runtime = runtimeOf(target);
  const password = randomBytes(ONE_TIME_PASSWORD_BYTES).toString('base64url');
  const admin = await createStaff(identityDepsOf(runtime), SYSTEM_PRINCIPAL, {
    username: values.username,
    name: values.name,
    roles: ['admin'],
    password,
  });
  console.log(`已创建管理员 Admin created: ${admin.username} (${admin.userId})`);
  console.log(`一次性密码 One-time password (change it at first sign-in): ${password}`);
  console.log(`验证器 Authenticator (scan or paste into the app, shown only now): ${admin.totpUri ?? ''}`);
} catch (error) {
  console.error(
    `admin:create failed: ${error instanceof AppError ? `${error.code}: ${error.message}` : String(error)}`,
  );
  exitCode = error instanceof AppError ? 1 : 2;
} finally {
  await target.close();
}
process.exit(exitCode);

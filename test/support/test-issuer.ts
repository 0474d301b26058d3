import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeySigner } from '../../shared/identity/store/local-signer';

/**
 * The issuer key of this test process: made once. Test stacks trust its public key and their
 * sign-in handlers sign with it (from TEST_SIGNER_FILE, as `npm start` signs from its key file);
 * tests sign their callers' tokens with it (`signLocalToken(…, TEST_SIGNER)`).
 */
export const TEST_SIGNER = LocalKeySigner.generate();
export const TEST_SIGNER_FILE = join(mkdtempSync(join(tmpdir(), 'aixin-issuer-')), 'issuer.pem');
writeFileSync(TEST_SIGNER_FILE, TEST_SIGNER.pem(), { mode: 0o600 });
/** A key no stack trusts: its tokens must be refused. */
export const STRANGER_SIGNER = LocalKeySigner.generate();

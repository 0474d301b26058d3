import { LocalKeySigner } from '../../shared/identity/store/local-signer';

/**
 * The issuer key of this test process: made once, never written anywhere. Test stacks trust its
 * public key; tests sign their callers' tokens with it (`signLocalToken(…, TEST_SIGNER)`).
 */
export const TEST_SIGNER = LocalKeySigner.generate();
/** A key no stack trusts: its tokens must be refused. */
export const STRANGER_SIGNER = LocalKeySigner.generate();

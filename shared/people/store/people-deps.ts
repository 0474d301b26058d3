import { perRuntime, type Runtime } from '../../platform/runtime';
import type { SigningKeys } from '../../platform/signed-token';
import { signingKeys } from '../../platform/signing-keys';
import type { IdNumberVault, PeopleDeps } from '../port';
import { DynamoOrgStore } from './org-store';
import { DynamoVolunteerStore } from './volunteer-store';

/** The table the people stores work on: what a tool without a runtime (the import, the bench) has. */
export type PeopleTable = Pick<Runtime, 'client' | 'tableName' | 'now'>;

const noSigning = (): Promise<SigningKeys> =>
  Promise.reject(new Error('These people deps were built over a bare table, without signing keys'));

/**
 * The ID-number vault of deps that handle no ID numbers: most functions, whose bundles then carry
 * no PII key code and no KMS client. The routes that say `idNumbers` use `peopleDepsWithIdNumbers`
 * (store/id-number-deps.ts); tools pass the vault of their environment.
 */
const noIdNumbers: IdNumberVault = {
  lookupOf: () => Promise.reject(new Error('These people deps handle no ID numbers')),
  seal: () => Promise.reject(new Error('These people deps handle no ID numbers')),
  open: () => Promise.reject(new Error('These people deps handle no ID numbers')),
};

/**
 * The people area's dependencies over one table. Tools that hold only a client pass no signing
 * keys: they never list an organisation's volunteers a page at a time.
 */
export function peopleDepsOver(
  table: PeopleTable,
  signing: () => Promise<SigningKeys> = noSigning,
  idNumbers: IdNumberVault = noIdNumbers,
): PeopleDeps {
  return {
    orgs: new DynamoOrgStore(table),
    volunteers: new DynamoVolunteerStore(table),
    idNumbers,
    signing,
    now: table.now,
  };
}

/** The people area's dependencies over the runtime's table: what its handlers pass its use cases. */
export const peopleDeps = perRuntime(
  (runtime: Runtime): PeopleDeps => peopleDepsOver(runtime, () => signingKeys(runtime.config)),
);

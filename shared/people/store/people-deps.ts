import { perRuntime, type Runtime } from '../../platform/runtime';
import type { SigningKeys } from '../../platform/signed-token';
import { signingKeys } from '../../platform/signing-keys';
import type { PeopleDeps } from '../port';
import { DynamoOrgStore } from './org-store';
import { DynamoVolunteerStore } from './volunteer-store';

/** The table the people stores work on: what a tool without a runtime (the import, the bench) has. */
export type PeopleTable = Pick<Runtime, 'client' | 'tableName' | 'now'>;

const noSigning = (): Promise<SigningKeys> =>
  Promise.reject(new Error('These people deps were built over a bare table, without signing keys'));

/**
 * The people area's dependencies over one table. Tools that hold only a client pass no signing
 * keys: they never list an organisation's volunteers a page at a time.
 */
export function peopleDepsOver(
  table: PeopleTable,
  signing: () => Promise<SigningKeys> = noSigning,
): PeopleDeps {
  return {
    orgs: new DynamoOrgStore(table),
    volunteers: new DynamoVolunteerStore(table),
    signing,
    now: table.now,
  };
}

/** The people area's dependencies over the runtime's table: what its handlers pass its use cases. */
export const peopleDeps = perRuntime(
  (runtime: Runtime): PeopleDeps => peopleDepsOver(runtime, () => signingKeys(runtime.config)),
);

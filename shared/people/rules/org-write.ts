import type { Org } from './org-tree';

/**
 * Writing an organisation, as pure rules. The org store's transaction enforces the same rules
 * atomically with condition expressions (shared/people/store/org-store.ts);
 * test/integration/people-rules.test.ts writes every shape to DynamoDB Local and checks that each
 * rule says yes exactly when its condition lets the write through (D1).
 */

/** The version of an organisation written before versions existed. */
export const UNVERSIONED = 0;

/** An organisation as stored: its place in the tree and its version. */
export interface OrgRecord extends Org {
  /** Bumped by every change; UNVERSIONED for items written before versions existed. */
  version: number;
  createdAt?: string;
}

/** What a condition sees of a stored organisation: its version, absent on items from before versions. */
export interface StoredOrgVersion {
  version?: number | undefined;
}

/** The version the next write of an organisation read as `read` (undefined: new) gives it. */
export const nextVersion = (read: Pick<OrgRecord, 'version'> | undefined): number =>
  (read?.version ?? UNVERSIONED) + 1;

/**
 * An organisation is still as it was read: at the same version, or, read without one, still
 * there and still without one. A concurrent change bumps the version, so this fails after it.
 */
export const isStillAt = (stored: StoredOrgVersion | undefined, readVersion: number): boolean =>
  stored !== undefined &&
  (readVersion > UNVERSIONED ? stored.version === readVersion : stored.version === undefined);

/** A new organisation is written only where none is; a changed one only while it is still as read. */
export const mayWriteOrg = (stored: StoredOrgVersion | undefined, read: OrgRecord | undefined): boolean =>
  read === undefined ? stored === undefined : isStillAt(stored, read.version);

/** The root marker names the one root: a root may take it while it is free, or keep it. */
export const mayClaimRoot = (marker: { orgId: string } | undefined, orgId: string): boolean =>
  marker === undefined || marker.orgId === orgId;

import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import { ORG_LEVELS } from '../rules/org-tree';
import '../../platform/contract/locale';
import { DisplayName } from '../../platform/contract/text';

export const OrgPath = z.strictObject({ orgId: Id });

/** Create or update one organisation; without `parentId` it is the county at the root. */
export const PutOrgRequest = z
  .strictObject({
    name: DisplayName,
    level: z.enum(ORG_LEVELS),
    parentId: z.optional(Id),
  })
  .register(z.globalRegistry, { id: 'PutOrgRequest' });
export type PutOrgRequest = z.infer<typeof PutOrgRequest>;

export const OrgView = z
  .object({
    orgId: z.string(),
    name: z.string(),
    level: z.enum(ORG_LEVELS),
    parentId: z.optional(z.string()),
    /** Ids from the root county down to the organisation itself. */
    path: z.array(z.string()),
  })
  .register(z.globalRegistry, { id: 'Org' });
export type OrgView = z.infer<typeof OrgView>;

export const OrgList = z.object({ orgs: z.array(OrgView) }).register(z.globalRegistry, { id: 'OrgList' });

/** A place a resident lives in, for the public request page: the county's towns and villages. */
export const Place = z.object({
  orgId: z.string(),
  name: z.string(),
  level: z.enum(['town', 'village']),
  parentId: z.optional(z.string()),
});
export const PlaceList = z.object({ places: z.array(Place) }).register(z.globalRegistry, { id: 'PlaceList' });
export type PlaceList = z.infer<typeof PlaceList>;

/**
 * The organisation tree: the county at the root, specialist teams and towns under it, villages
 * under towns, and groups anywhere. A coordinator acts on their organisation's whole subtree.
 */
export const ORG_LEVELS = ['county', 'team', 'town', 'village', 'group'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export interface Org {
  orgId: string;
  name: string;
  level: OrgLevel;
  parentId?: string | undefined;
}

/** Bounds the walk up the tree, so a corrupted parent link can never loop forever. */
const DEPTH_MAX = 32;

export class OrgTree {
  private readonly byId: ReadonlyMap<string, Org>;

  constructor(orgs: Iterable<Org>) {
    this.byId = new Map([...orgs].map((org) => [org.orgId, org]));
  }

  get(orgId: string): Org | undefined {
    return this.byId.get(orgId);
  }

  get size(): number {
    return this.byId.size;
  }

  all(): Org[] {
    return [...this.byId.values()];
  }

  /** Ids from the root down to the organisation itself; empty when it does not exist. */
  pathOf(orgId: string): string[] {
    const path: string[] = [];
    let current = this.byId.get(orgId);
    for (let depth = 0; current !== undefined && depth < DEPTH_MAX; depth += 1) {
      path.unshift(current.orgId);
      current = current.parentId === undefined ? undefined : this.byId.get(current.parentId);
    }
    return path;
  }

  /** True when `orgId` is `ancestorId` or lies below it. */
  isWithin(orgId: string, ancestorId: string): boolean {
    return this.pathOf(orgId).includes(ancestorId);
  }

  /** Would giving `orgId` the parent `parentId` make a cycle? */
  wouldCycle(orgId: string, parentId: string): boolean {
    return parentId === orgId || this.isWithin(parentId, orgId);
  }

  /** The organisation and everything below it. */
  subtree(rootId: string): Org[] {
    return this.all().filter((org) => this.isWithin(org.orgId, rootId));
  }
}

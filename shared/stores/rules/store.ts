import { AppError } from '../../platform/errors';
import { hasRole, type Principal } from '../../platform/principal';
import type { Store, StoreItem, StoreKind } from '../contract/stores';

/**
 * Stores and their catalogues, as pure rules. A store, its items and its stock movements share
 * one partition in the store (shared/stores/store/catalogue-store.ts), whose conditions enforce
 * the rules below; test/integration/stores-rules.test.ts drives both with the same items (D1).
 */

export interface StoreRecord {
  storeId: string;
  name: string;
  kind: StoreKind;
  orgId?: string;
  schedule?: { orgId: string; weekday: number; from: string; to: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface StoreItemRecord {
  storeId: string;
  sku: string;
  name: string;
  pricePoints: number;
  stock: number;
  lowStockAt?: number;
  /** 参考价值 of one unit in fen (contract/stores.ts), when the office set one. */
  valueFen?: number;
}

/** A new catalogue item as it is written, with its bookkeeping. */
export interface NewStoreItem extends StoreItemRecord {
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** A catalogue item is added once, to a store that exists (the item's put and the store's check). */
export const canAddItem = (store: unknown, existing: unknown): boolean =>
  store !== undefined && existing === undefined;

/** Renaming or repricing changes an item that exists; its stock it leaves alone. */
export const canRenameItem = (existing: unknown): boolean => existing !== undefined;

/** Counter staff work at the one store their token names; `allowAdmin` for routes admins share. */
export function assertStoreAccess(principal: Principal, storeId: string, allowAdmin = true): void {
  if (allowAdmin && hasRole(principal, 'admin')) return;
  if (hasRole(principal, 'counter')) {
    if (principal.storeId === undefined) throw new AppError('FORBIDDEN', 'Your sign-in names no store');
    if (principal.storeId === storeId) return;
    throw new AppError('FORBIDDEN', 'You work at another store');
  }
  throw new AppError('FORBIDDEN', 'Only the staff of this store may do this');
}

export const storeView = (item: StoreRecord): Store => ({
  storeId: item.storeId,
  name: item.name,
  kind: item.kind,
  ...(item.orgId === undefined ? {} : { orgId: item.orgId }),
  ...(item.schedule === undefined || item.schedule.length === 0 ? {} : { schedule: item.schedule }),
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
});

export const storeItemView = (item: StoreItemRecord): StoreItem => ({
  sku: item.sku,
  name: item.name,
  pricePoints: Number(item.pricePoints),
  stock: Number(item.stock),
  ...(item.lowStockAt === undefined ? {} : { lowStockAt: Number(item.lowStockAt), low: isLowStock(item) }),
  ...(item.valueFen === undefined ? {} : { valueFen: Number(item.valueFen) }),
});

/** At or under its low-stock mark (an item without one is never low). */
export const isLowStock = (item: Pick<StoreItemRecord, 'stock' | 'lowStockAt'>): boolean =>
  item.lowStockAt !== undefined && Number(item.stock) <= Number(item.lowStockAt);

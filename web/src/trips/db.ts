import type { OpenTripRequest, Trip } from '../../../shared/trips/contract/trips';
import type { CloseRequest, Keyed, Pack, Recorded, Restored, SavedTrip } from './state';

/**
 * What the van's phone keeps in IndexedDB, so that closing the tab, a reload or a reboot loses
 * nothing: each trip's pack (with the trip once ended, the wrong PINs per card and a close under
 * way), every basket recorded with its key and what the server answered, and which trip is in hand
 * and which open request is still going on (its key must survive, or a second trip would open).
 */
const DB_NAME = 'aixin-trips';
const DB_VERSION = 1;
const TRIPS = 'trips';
const BASKETS = 'baskets';
const META = 'meta';

interface TripRow {
  tripId: string;
  pack: Pack;
  ended?: Trip;
  pinFailures: Record<string, number>;
  closing?: { key: string; request: CloseRequest };
}

export interface TripDb {
  /** The trips kept here, newest first, with how many baskets each still has to send. */
  saved(): Promise<SavedTrip[]>;
  load(tripId: string): Promise<Restored | undefined>;
  saveTrip(row: {
    pack: Pack;
    ended: Trip | undefined;
    pinFailures: ReadonlyMap<string, number>;
    closing: Keyed<CloseRequest> | undefined;
  }): Promise<void>;
  saveBaskets(baskets: readonly Recorded[]): Promise<void>;
  current(): Promise<string | undefined>;
  setCurrent(tripId: string | undefined): Promise<void>;
  opening(): Promise<Keyed<OpenTripRequest> | undefined>;
  setOpening(opening: { key: string; request: OpenTripRequest } | undefined): Promise<void>;
}

const done = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

const committed = (transaction: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(TRIPS)) db.createObjectStore(TRIPS, { keyPath: 'tripId' });
      if (!db.objectStoreNames.contains(BASKETS)) {
        db.createObjectStore(BASKETS, { keyPath: 'key' }).createIndex('tripId', 'tripId');
      }
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function openTripDb(): TripDb {
  let opened: Promise<IDBDatabase> | undefined;
  const db = () => {
    opened ??= openDb();
    return opened;
  };

  async function read<T>(store: string, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const transaction = (await db()).transaction(store, 'readonly');
    return done(run(transaction.objectStore(store)));
  }

  async function write(stores: string[], run: (transaction: IDBTransaction) => void): Promise<void> {
    const transaction = (await db()).transaction(stores, 'readwrite');
    run(transaction);
    await committed(transaction);
  }

  const basketsOf = (tripId: string) =>
    read<Recorded[]>(BASKETS, (store) => store.index('tripId').getAll(IDBKeyRange.only(tripId)));

  return {
    async saved() {
      const rows = await read<TripRow[]>(TRIPS, (store) => store.getAll());
      const saved = await Promise.all(
        rows.map(async (row): Promise<SavedTrip> => {
          const baskets = await basketsOf(row.tripId);
          const { trip } = row.pack;
          return {
            tripId: row.tripId,
            storeId: trip.storeId,
            storeName: trip.storeName,
            date: trip.date,
            villages: trip.villages.map((village) => village.name),
            ended: row.ended !== undefined,
            queued: baskets.filter((basket) => basket.status === 'queued').length,
          };
        }),
      );
      return saved.sort((a, b) => b.date.localeCompare(a.date));
    },

    async load(tripId) {
      const row = await read<TripRow | undefined>(TRIPS, (store) => store.get(tripId));
      if (row === undefined) return undefined;
      const baskets = await basketsOf(tripId);
      return {
        pack: row.pack,
        baskets,
        pinFailures: row.pinFailures,
        ...(row.ended === undefined ? {} : { ended: row.ended }),
        ...(row.closing === undefined ? {} : { closing: { ...row.closing, sending: false } }),
      };
    },

    async saveTrip({ pack, ended, pinFailures, closing }) {
      const row: TripRow = {
        tripId: pack.trip.id,
        pack,
        pinFailures: Object.fromEntries(pinFailures),
        ...(ended === undefined ? {} : { ended }),
        ...(closing === undefined ? {} : { closing: { key: closing.key, request: closing.request } }),
      };
      await write([TRIPS], (transaction) => transaction.objectStore(TRIPS).put(row));
    },

    async saveBaskets(baskets) {
      if (baskets.length === 0) return;
      await write([BASKETS], (transaction) => {
        const store = transaction.objectStore(BASKETS);
        for (const basket of baskets) store.put(basket);
      });
    },

    async current() {
      return read<string | undefined>(META, (store) => store.get('current'));
    },

    async setCurrent(tripId) {
      await write([META], (transaction) => {
        const store = transaction.objectStore(META);
        if (tripId === undefined) store.delete('current');
        else store.put(tripId, 'current');
      });
    },

    async opening() {
      const kept = await read<{ key: string; request: OpenTripRequest } | undefined>(META, (store) =>
        store.get('opening'),
      );
      return kept === undefined ? undefined : { ...kept, sending: false };
    },

    async setOpening(opening) {
      await write([META], (transaction) => {
        const store = transaction.objectStore(META);
        if (opening === undefined) store.delete('opening');
        else store.put({ key: opening.key, request: opening.request }, 'opening');
      });
    },
  };
}

import type { ActivityFact, MovementFact } from './rules/inbox';

/**
 * What the messages use cases need. The store (store/messages-deps.ts) reads the facts the other
 * areas keep (the passbook, the activities) and keeps one small item per volunteer: what they last
 * saw. The conditional write enforces `seenMovesForward`.
 */
export interface InboxSources {
  /** The volunteer's newest passbook movements. */
  movements(volunteerId: string, limit: number): Promise<MovementFact[]>;
  /** Their activities of this China month and the one before, as messages need them. */
  activities(volunteerId: string): Promise<ActivityFact[]>;
}

export interface SeenStore {
  lastSeen(volunteerId: string): Promise<string | undefined>;
  /** Moves what was last seen forward to `upTo`, only while it is older; false when it was not. */
  markSeen(volunteerId: string, upTo: string): Promise<boolean>;
}

/**
 * Where a message could also be sent (SMS, a WeChat service account), for a county that contracts
 * one: not wired to any provider in this product. A provider's adapter implements this and is
 * called from the ledger's stream projector, which sees every movement once.
 */
export interface MessageChannel {
  send(volunteerId: string, message: { kind: string; text: string }): Promise<void>;
}

export interface MessagesDeps {
  sources: InboxSources;
  seen: SeenStore;
  now: () => Date;
}

/**
 * Reply events (IPostMessageSent/Updated/Deleted), pure (docs/chat.syncThreadMessages.md#how-the-app-learns-of-deletions): what an event tells the ledger of a TRACKED thread. An untracked thread's events write nothing: its
 * first sync writes its marker before taking the snapshot, so an event that found no marker was for a reply the
 * snapshot holds (or, deleted, one before `trackingSince`).
 */
import type { LedgerEntry, ReplyIdentity } from './records';

/** Result of reading the deleted message back by id in the IPostMessageDeleted handler. */
export type ReadBack = 'missing' | 'present' | 'unavailable';

export interface DeletionSettings {
    readonly keepHistory: boolean;
    readonly showDeletedStatus: boolean;
}

/**
 * IPostMessageDeleted for a reply (docs/architecture.md#host-facts-a-maintainer-needs): gone when read back → hard-deleted → record it;
 * still there → tombstone or hidden copy, reported by `update`. Read unavailable → record only when both deletion
 * settings are off (core then trashes the reply); settings unknown too → leave it to the next sync's reconciliation.
 */
export function deletedReplyEntry(
    identity: ReplyIdentity,
    readBack: ReadBack,
    settings: DeletionSettings | undefined,
    now: Date,
): LedgerEntry | undefined {
    const trashed =
        readBack === 'missing' ||
        (readBack === 'unavailable' && settings !== undefined && !settings.keepHistory && !settings.showDeletedStatus);
    return trashed ? { ...identity, removedAt: now.getTime() } : undefined;
}

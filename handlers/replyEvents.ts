import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { readBack } from '../host/messages';
import { readDeletionSettings } from '../host/settings';
import type { LedgerEntry, ReplyIdentity } from '../lib/tracking';
import { deletedReplyEntry, identityOf } from '../lib/tracking';
import { DeletionTracking } from '../storage/deletionTracking';
import { ensureRuntimeStartRecorded } from '../storage/runtimeStart';

/** The identification of an event's message (fully converted, docs/architecture.md#host-facts-a-maintainer-needs); undefined outside threads. */
function replyIdentity(message: IMessage): ReplyIdentity | undefined {
    if (!message.threadId) {
        return undefined;
    }
    return identityOf(
        {
            _id: message.id ?? '',
            rid: message.room?.id ?? '',
            ts: message.createdAt as never,
            u: { _id: message.sender?.id ?? '', username: message.sender?.username ?? '' },
        },
        message.threadId,
    );
}

/**
 * IPostMessageSent and IPostMessageUpdated: a reply of a TRACKED thread is known from the moment it exists, so any later
 * hard deletion is reported; an untracked thread's reply costs one small read and no write (its first sync's
 * `trackingSince` covers it). Every message on the server reaches this handler: anything outside a thread returns
 * before any bridge call.
 */
export async function recordSentReply(message: IMessage, read: IRead, persistence: IPersistence): Promise<void> {
    const identity = replyIdentity(message);
    if (!identity) {
        return;
    }
    await record(read, persistence, identity);
}

/** An event's record, and this runtime's start in case the job that stores it is late. */
async function record(read: IRead, persistence: IPersistence, entry: LedgerEntry): Promise<void> {
    const tracking = DeletionTracking.of(read, persistence);
    await Promise.all([ensureRuntimeStartRecorded(tracking), tracking.recordEvent(entry)]);
}

/**
 * IPostMessageDeleted: a reply that really left the database (core moved it to the trash) is recorded as removed,
 * identification only. Events may be lost (fire-and-forget; bulk deletions fire none): sync-time reconciliation covers
 * the rest.
 */
export async function recordDeletedReply(message: IMessage, read: IRead, persistence: IPersistence): Promise<void> {
    const identity = replyIdentity(message);
    if (!identity) {
        return;
    }
    const state = await readBack(read, identity._id);
    const settings = state === 'unavailable' ? await readDeletionSettings(read) : undefined;
    const entry = deletedReplyEntry(identity, state, settings, new Date());
    if (entry) {
        await record(read, persistence, entry);
    }
}

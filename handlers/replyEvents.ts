import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { readServerSettings } from '../endpoints/hostReads';
import type { DeletionSettings, ReadBack, ReplyIdentity } from '../lib/tracking';
import { deletedReplyRecord, identityOf, sentReplyRecord } from '../lib/tracking';
import { DeletionTracking } from '../storage/deletionTracking';
import { ensureRuntimeStartRecorded } from '../storage/runtimeStart';

/** The identification of an event's message (fully converted, docs/architecture.md, "Host facts"); undefined outside threads. */
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
            _updatedAt: message.updatedAt as never,
        },
        message.threadId,
    );
}

/**
 * IPostMessageSent and IPostMessageUpdated: a reply is known from the moment it exists, so any later hard deletion is
 * reported. Every message on the server reaches this handler: anything outside a thread returns before any bridge call.
 */
export async function recordSentReply(message: IMessage, read: IRead, persistence: IPersistence): Promise<void> {
    const identity = replyIdentity(message);
    if (!identity) {
        return;
    }
    await Promise.all([
        ensureRuntimeStartRecorded(read, persistence),
        new DeletionTracking(read.getPersistenceReader(), persistence).recordEvent(sentReplyRecord(identity)),
    ]);
}

async function readBack(read: IRead, id: string): Promise<ReadBack> {
    try {
        return (await read.getMessageReader().getById(id)) ? 'present' : 'missing';
    } catch {
        return 'unavailable';
    }
}

async function deletionSettings(read: IRead): Promise<DeletionSettings | undefined> {
    const values = await readServerSettings(read, ['Message_KeepHistory', 'Message_ShowDeletedStatus'] as const);
    const { Message_KeepHistory: keepHistory, Message_ShowDeletedStatus: showDeletedStatus } = values;
    return typeof keepHistory === 'boolean' && typeof showDeletedStatus === 'boolean'
        ? { keepHistory, showDeletedStatus }
        : undefined;
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
    const settings = state === 'unavailable' ? await deletionSettings(read) : undefined;
    const record = deletedReplyRecord(identity, state, settings, new Date());
    if (record) {
        await Promise.all([
            ensureRuntimeStartRecorded(read, persistence),
            new DeletionTracking(read.getPersistenceReader(), persistence).recordEvent(record),
        ]);
    }
}

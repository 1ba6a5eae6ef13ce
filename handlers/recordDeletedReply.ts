import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import { toRestMessage } from '../lib/message/restMessage';
import type { DeletionSettings, ReadBack } from '../lib/sync/threadDiff';
import { removalForDeletedMessage } from '../lib/sync/threadDiff';
import { readServerSettings } from '../endpoints/hostReads';
import { ThreadRecords } from '../storage/threadRecords';

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
 * IPostMessageDeleted: a thread reply that really left the database (core moved it to the trash) is recorded as
 * removed, with its last copy. A reply turned into a tombstone or hidden is still readable and shows in `update`.
 * Events may be lost (fire-and-forget, bulk deletions fire none): sync-time reconciliation covers the rest.
 */
export async function recordDeletedReply(message: IMessage, read: IRead, persistence: IPersistence): Promise<void> {
    if (!message.threadId || !message.id) {
        return;
    }
    const state = await readBack(read, message.id);
    const settings = state === 'unavailable' ? await deletionSettings(read) : undefined;
    const removal = removalForDeletedMessage(toRestMessage(message), state, settings, new Date());
    if (!removal) {
        return;
    }
    const records = new ThreadRecords(read.getPersistenceReader(), persistence);
    // A sync may have noticed the deletion first; a rare race can still write two records, which readers merge.
    if (!(await records.hasRemoval(removal.tmid, removal.id))) {
        await records.add([removal]);
    }
}

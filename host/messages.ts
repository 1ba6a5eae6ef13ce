/** Typed message reads: what the message and thread readers answer, with the host's quirks handled in one place. */
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import type { ReadBack } from '../lib/tracking';
import { unmapped } from './bag';

/** `IMessageRead.getById` as it answers: undefined (or `null` over the pipe) when there is no such message. */
export async function readMessage(read: IRead, id: string): Promise<IMessage | undefined> {
    return (await read.getMessageReader().getById(id)) ?? undefined;
}

/**
 * A thread as `getThreadById` answers it: the root, then the root and every reply in natural order; `[]` when the root
 * or its room is missing. `null` is a refused read (threads.read not granted): a misconfiguration, so a 500.
 */
export async function readThread(read: IRead, tmid: string): Promise<IMessage[]> {
    const items = await read.getThreadReader().getThreadById(tmid);
    if (!items) {
        throw new Error('getThreadById returned nothing: is the threads.read permission granted?');
    }
    return items;
}

/**
 * A thread root: not a reply, and it has had replies (`tcount`/`tlm` stay on the root even when every reply is gone,
 * so deletions of a now-empty thread can still be synced).
 */
export function isThreadRoot(message: IMessage): boolean {
    const bag = unmapped(message);
    return !message.threadId && (bag.tcount !== undefined || bag.tlm !== undefined);
}

/** A deleted message read back by id: still there (a tombstone or hidden copy), gone, or unreadable. */
export async function readBack(read: IRead, id: string): Promise<ReadBack> {
    try {
        return (await read.getMessageReader().getById(id)) ? 'present' : 'missing';
    } catch {
        return 'unavailable';
    }
}

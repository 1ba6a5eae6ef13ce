/**
 * Version 0.1.0's records (per-reply copies with text), read into the ledger and removed by the next write. Delete
 * this file, and its two callers, once no server can still hold 0.1.0 records.
 */
import type { JsonObject } from '../json';
import { isPlainObject } from '../json';
import type { RemovedReply, ReplyIdentity } from './records';
import { identityOf, isoOf } from './records';

/** Kinds written by version 0.1.0, each with a text copy of the reply (`copy`). */
export const LEGACY_KINDS = ['known-reply', 'removal', 'tracking'] as const;

export function legacyEntry(value: unknown, tmid: string): { known?: ReplyIdentity; removed?: RemovedReply } | undefined {
    if (!isPlainObject(value) || value.tmid !== tmid || !LEGACY_KINDS.includes(value.kind as never)) {
        return undefined;
    }
    if (value.kind === 'tracking') {
        // Its start time predates the update that installed this version, so the update's runtime start supersedes it.
        return {};
    }
    const copy = isPlainObject(value.copy) ? value.copy : {};
    const identity = identityOf({ rid: value.rid, ...copy, _id: value.id } as JsonObject, tmid);
    if (!identity) {
        return {};
    }
    if (value.kind === 'known-reply') {
        return { known: identity };
    }
    const deletedAt = isoOf(value.deletedAt);
    return deletedAt ? { known: identity, removed: { ...identity, deletedAt } } : { known: identity };
}

/**
 * The deletion-tracking records of chat.syncThreadMessages, in app persistence (host.md §3.6, §6.5): the only state
 * the app keeps, shared by every Rocket.Chat instance. One small record per reply, so that concurrent writers never
 * overwrite each other's lists. Associations are always built here, in one order, because updates by association
 * match the exact array.
 */
import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { KnownReplyRecord, RemovalRecord, TrackingRecord } from '../lib/sync/threadDiff';

type ThreadRecord = KnownReplyRecord | RemovalRecord | TrackingRecord;

export interface ThreadState {
    known: KnownReplyRecord[];
    removals: RemovalRecord[];
    tracking: TrackingRecord[];
}

const PREFIX = 'push-sync';
const threadOf = (tmid: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `${PREFIX}:thread:${tmid}`);
const kindOf = (kind: ThreadRecord['kind']) =>
    new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `${PREFIX}:${kind}`);
/** One global record: the cutoff of the last purge. */
const PURGE = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, `${PREFIX}:purge`);
const messageOf = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MESSAGE, id);

function associationsOf(record: ThreadRecord): RocketChatAssociationRecord[] {
    const base = [threadOf(record.tmid), kindOf(record.kind)];
    return record.kind === 'tracking' ? base : [...base, messageOf(record.id)];
}

function isRecord(value: unknown): value is ThreadRecord {
    const kind = (value as { kind?: unknown } | null)?.kind;
    return (
        (kind === 'known-reply' || kind === 'removal' || kind === 'tracking') &&
        typeof (value as { tmid?: unknown }).tmid === 'string'
    );
}

export class ThreadRecords {
    constructor(
        private readonly reader: IPersistenceRead,
        private readonly writer?: IPersistence,
    ) {}

    private get persistence(): IPersistence {
        if (!this.writer) {
            throw new Error('ThreadRecords: this accessor is read-only');
        }
        return this.writer;
    }

    /** Everything known about one thread, in one read. */
    async load(tmid: string): Promise<ThreadState> {
        const records = ((await this.reader.readByAssociations([threadOf(tmid)])) ?? []).filter(isRecord);
        return {
            known: records.filter((record): record is KnownReplyRecord => record.kind === 'known-reply'),
            removals: records.filter((record): record is RemovalRecord => record.kind === 'removal'),
            tracking: records.filter((record): record is TrackingRecord => record.kind === 'tracking'),
        };
    }

    /** Whether a removal of this reply is already recorded: a read of that reply's records only. */
    async hasRemoval(tmid: string, id: string): Promise<boolean> {
        const records = (await this.reader.readByAssociations([threadOf(tmid), kindOf('removal'), messageOf(id)])) ?? [];
        return records.some(isRecord);
    }

    /** Known replies are replaced in place (upsert on their exact associations). */
    async saveKnown(records: readonly KnownReplyRecord[]): Promise<void> {
        await Promise.all(records.map((record) => this.persistence.updateByAssociations(associationsOf(record), record, true)));
    }

    async add(records: ReadonlyArray<RemovalRecord | TrackingRecord>): Promise<void> {
        await Promise.all(records.map((record) => this.persistence.createWithAssociations(record, associationsOf(record))));
    }

    async dropKnown(tmid: string, ids: readonly string[]): Promise<void> {
        await Promise.all(
            ids.map((id) => this.persistence.removeByAssociations([threadOf(tmid), kindOf('known-reply'), messageOf(id)])),
        );
    }

    /** The latest cutoff the purge job applied (removals detected before it may be gone), if it ever ran. */
    async purgedBefore(): Promise<Date | undefined> {
        const records = (await this.reader.readByAssociation(PURGE)) ?? [];
        const times = records
            .map((record) => Date.parse(String((record as { cutoff?: unknown }).cutoff)))
            .filter((time) => !Number.isNaN(time));
        return times.length > 0 ? new Date(Math.max(...times)) : undefined;
    }

    /** Only ever moves forward: a later, longer retention does not bring purged records back. */
    async savePurgedBefore(cutoff: Date): Promise<void> {
        const previous = await this.purgedBefore();
        const applied = previous && previous > cutoff ? previous : cutoff;
        await this.persistence.updateByAssociations([PURGE], { kind: 'purge', cutoff: applied.toISOString() }, true);
    }

    /** Every removal record of every thread, for the purge job. */
    async allRemovals(): Promise<RemovalRecord[]> {
        return ((await this.reader.readByAssociation(kindOf('removal'))) ?? []).filter(
            (record): record is RemovalRecord => isRecord(record) && record.kind === 'removal',
        );
    }

    async dropRemoval(record: RemovalRecord): Promise<void> {
        await this.persistence.removeByAssociations(associationsOf(record));
    }
}

/**
 * The thread snapshot of chat.syncThreadMessages, pure (docs/chat.syncThreadMessages.md): the replies in a
 * `getThreadById` result and the `update` list. Deletion tracking (the `remove` list) lives in lib/tracking/.
 *
 * Dates: messages come in REST-shaped as lib/message/restMessage.ts builds them (ISO strings) or with Date objects;
 * `threadReplies` (and lib/tracking for `remove`) turn the message date fields into Date objects, so
 * `updatedSince`, `query` (`{"$date": …}`) and `sort` compare dates as dates. lib/envelope.ts turns them back into
 * ISO strings when the answer is sent; only canonical ISO strings are revived, so that round trip is exact.
 */
import type { JsonObject } from '../json';
import { isPlainObject } from '../json';

/** A REST-shaped message (docs/architecture.md, the REST message) whose date fields are Date objects. */
export type MessageDoc = JsonObject;

/** Date fields of a message (docs/architecture.md and the stored bag); attachments, also nested ones, carry `ts`. */
const MESSAGE_DATE_FIELDS = new Set(['ts', '_updatedAt', 'editedAt', 'tlm', 'dlm', 'pinnedAt', '_deletedAt']);
const CANONICAL_ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Epoch ms of a Date or a date string; NaN for anything else. */
export function timeOf(value: unknown): number {
    if (value instanceof Date) {
        return value.getTime();
    }
    return typeof value === 'string' ? Date.parse(value) : NaN;
}

/**
 * The replies of `tmid` in a `getThreadById` result, with Date fields: that result repeats the root, is unsorted and
 * holds tombstones and hidden copies (kept, as core returns them). Never the root; one item per `_id`.
 */
export function threadReplies(items: readonly JsonObject[], tmid: string): MessageDoc[] {
    const seen = new Set<string>();
    const replies = items.filter((item) => {
        const id = item._id;
        if (typeof id !== 'string' || id === tmid || item.tmid !== tmid || seen.has(id)) {
            return false;
        }
        seen.add(id);
        return true;
    });
    return replies.map(withDates);
}

/**
 * The replies of a `getThreadById` result, or undefined when it does not hold the root: the host answers `[]` when the
 * root or its room is missing, which says nothing about the replies (docs/architecture.md race: root deleted after `getById`).
 */
export function threadSnapshot(items: readonly JsonObject[], tmid: string): MessageDoc[] | undefined {
    return items.some((item) => item._id === tmid) ? threadReplies(items, tmid) : undefined;
}

/** The `update` list before query/sort/paging: strictly after `updatedSince`, at millisecond precision. */
export function updatedAfter(replies: readonly MessageDoc[], updatedSince: Date): MessageDoc[] {
    return replies.filter((reply) => timeOf(reply._updatedAt) > updatedSince.getTime());
}

/** Canonical ISO strings in the message date fields become Dates (see the header). */
export function withDates(doc: JsonObject): MessageDoc {
    return Object.fromEntries(
        Object.entries(doc).map(([key, value]) => {
            if (MESSAGE_DATE_FIELDS.has(key) && typeof value === 'string' && CANONICAL_ISO_DATE.test(value)) {
                const date = new Date(value);
                return [key, Number.isNaN(date.getTime()) ? value : date];
            }
            if (key === 'attachments' && Array.isArray(value)) {
                return [key, value.map((item) => (isPlainObject(item) ? withDates(item) : item))];
            }
            return [key, value];
        }),
    );
}

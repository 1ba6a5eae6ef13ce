/**
 * The success body of chat.syncThreadMessages (docs/chat.syncThreadMessages.md), before the envelope adds `success`.
 * Each list on its own: `query` on the full message, then sort, then offset/count (total counted before them), then the
 * fixed exclusions and `fields`.
 */
import type { JsonObject } from '../json';
import type { OptionalSyncParams } from './params';
import { page } from './paging';
import { applyProjection } from './projection';
import type { SortSpec } from './sort';
import { DEFAULT_REMOVE_SORT, DEFAULT_UPDATE_SORT, sortDocuments } from './sort';
import type { MessageDoc } from './threadSnapshot';

export interface SyncLists {
    /** From `updatedAfter(threadReplies(...))`. */
    readonly update: readonly MessageDoc[];
    /** From `removeItems(...)` (lib/tracking). */
    readonly remove: readonly MessageDoc[];
}

export function buildSyncResult(lists: SyncLists, params: OptionalSyncParams, trackingSince: Date | undefined): JsonObject {
    const update = selectList(lists.update, params, DEFAULT_UPDATE_SORT);
    const remove = selectList(lists.remove, params, DEFAULT_REMOVE_SORT);
    return {
        messages: { update: update.items, remove: remove.items },
        offset: params.offset,
        ...(params.count !== undefined ? { count: params.count } : {}),
        total: { update: update.total, remove: remove.total },
        ...(trackingSince !== undefined ? { trackingSince } : {}),
    };
}

function selectList(
    docs: readonly MessageDoc[],
    params: OptionalSyncParams,
    defaultSort: SortSpec,
): { items: JsonObject[]; total: number } {
    const sorted = sortDocuments(docs.filter(params.matches), params.sort ?? defaultSort);
    const { items, total } = page(sorted, params);
    return { items: items.map((doc) => applyProjection(doc, params.projection)), total };
}

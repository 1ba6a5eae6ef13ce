/** `offset`/`count` over one list (docs/chat.syncThreadMessages.md#paging): count absent or 0 = everything from offset. */
export interface PageRequest {
    readonly offset: number;
    readonly count?: number;
}

/** `total` counts the whole list, so a client knows when it has paged through it. */
export function page<T>(items: readonly T[], { offset, count }: PageRequest): { items: T[]; total: number } {
    return { items: items.slice(offset, count ? offset + count : undefined), total: items.length };
}

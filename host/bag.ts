/** Rooms and messages carry the host's untyped leftovers (docs/architecture.md#host-facts-a-maintainer-needs). */
export type Bag = { [key: string]: unknown };

/** The `_unmappedProperties_` bag of a converted room or message; `{}` when it has none. */
export function unmapped(object: unknown): Bag {
    const bag = (object as { _unmappedProperties_?: unknown } | null | undefined)?._unmappedProperties_;
    return bag && typeof bag === 'object' ? (bag as Bag) : {};
}

/**
 * The upgrade from versions 0.1.0 and 0.2.0 (docs/chat.syncThreadMessages.md#what-the-app-stores, "Upgrade"): their
 * records are dropped, all at once, by the first start-up (or purge) job after the update, guarded by a stored flag.
 * An update is a runtime start, so every thread's `trackingSince` moves to its next sync anyway: nothing they hold
 * can be reported honestly afterwards. Delete this file once no 0.2.0 installation is left.
 */

/** Associations (after the `push-sync:` prefix) under which 0.1.0 and 0.2.0 stored everything they wrote. */
export const LEGACY_ASSOCIATIONS = [
    // 0.2.0: every ledger and event record.
    'thread-ledger',
    // 0.1.0: per-reply copies with text, tracking starts, the purge record.
    'known-reply',
    'removal',
    'tracking',
    'purge',
] as const;

/** The flag: this format's records are the only ones left. */
export interface FormatRecord {
    readonly kind: 'format';
    readonly version: 3;
    /** Day (UTC days since the epoch) the upgrade ran: the purge's day index starts the day before. */
    readonly since: number;
}

export const FORMAT_VERSION = 3;

export function isCurrentFormat(records: readonly unknown[]): boolean {
    return records.some(
        (record) =>
            typeof record === 'object' &&
            record !== null &&
            (record as FormatRecord).kind === 'format' &&
            (record as FormatRecord).version === FORMAT_VERSION,
    );
}

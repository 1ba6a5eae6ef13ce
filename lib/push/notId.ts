/**
 * Push notification id (docs/push.get.md): one id per (server, room), so a device groups and replaces
 * the notifications of a room.
 */

/** Core's hash: the UTF-16 units are walked from last to first, `h = int32(31·h + unit)`; the result may be negative. */
export function hashString(text: string): number {
    let hash = 0;
    for (let index = text.length - 1; index >= 0; index--) {
        // Math.imul keeps 31·h exact in 32 bits; `| 0` wraps the sum back to a signed int32.
        hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
    }
    return hash;
}

export function notificationId(uniqueId: string, rid: string): number {
    return hashString(`${uniqueId}|${rid}`);
}

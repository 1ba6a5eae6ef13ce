import { parse } from '@rocket.chat/message-parser';

import type { RestMessage } from './restMessage';

/** Keys `md` follows in the canonical order (rocketchat-contract.md §5.1). */
const KEYS_BEFORE_MD = new Set(['_id', 'rid', 'msg', 'ts', 'u', '_updatedAt', 'tmid', 't']);

/**
 * Core stores `md`, the parsed message, with every plain message. When the host gave none (older messages,
 * imports, app-sent messages), compute it with Rocket.Chat's own parser. Encrypted messages have no readable text.
 */
export function withParsedMarkdown(message: RestMessage): RestMessage {
    if (message.md !== undefined || typeof message.msg !== 'string' || message.msg === '' || message.t === 'e2e') {
        return message;
    }
    let md: unknown;
    try {
        md = parse(message.msg);
    } catch {
        // Core saves a message without `md` when its parser gives up; so do we.
        return message;
    }
    const entries = Object.entries(message);
    const at = entries.findIndex(([key]) => !KEYS_BEFORE_MD.has(key));
    entries.splice(at === -1 ? entries.length : at, 0, ['md', md]);
    const result: RestMessage = {};
    for (const [key, value] of entries) {
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return result;
}

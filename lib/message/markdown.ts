import { parse } from '@rocket.chat/message-parser';

import { ownProperties } from '../json';
import type { RestMessage } from './restMessage';

/** Keys `md` follows in the canonical order (docs/push.get.md#datamessage). */
const KEYS_BEFORE_MD = new Set(['_id', 'rid', 'msg', 'ts', 'u', '_updatedAt', 'tmid', 't']);

/**
 * The longest text (UTF-16 units) parsed for `md`. The parser is worse than linear (a 5,000-character word took
 * seconds); on a loaded 2-core machine its worst inputs measured about 10-20 ms at 160 characters, 25-55 ms at 200-250
 * and 0.5 s at 1,000 (docs/push.get.md#the-md-bound), so 160 keeps the worst case well under 50 ms.
 */
export const MAX_PARSED_LENGTH = 160;

/**
 * Core stores `md`, the parsed message, with every plain message. When the host gave none (older messages, imports,
 * app-sent messages), compute it with Rocket.Chat's own parser, but only where that is cheap: a longer text is
 * returned without `md`, as core returns a stored message without one. Encrypted messages have no readable text.
 */
export function withParsedMarkdown(message: RestMessage): RestMessage {
    if (
        message.md !== undefined ||
        typeof message.msg !== 'string' ||
        message.msg === '' ||
        message.msg.length > MAX_PARSED_LENGTH ||
        message.t === 'e2e'
    ) {
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
    return ownProperties(entries) as RestMessage;
}

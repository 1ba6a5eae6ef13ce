/** A stored mention (`message.mentions[]`); only `username` and `name` matter here. */
export interface MessageMention {
    username?: string;
    name?: string;
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Core's `replaceMentionedUsernamesWithFullNames` (docs/push.get.md#title-and-text): for each mention with a name, every
 * `@username` becomes the name, anywhere in the text (no word boundary), mentions applied in order. As in core, the
 * name is a `String.prototype.replace` replacement: `$&` in it inserts the match and `$$` a single `$`.
 */
export function replaceMentionsWithNames(text: string, mentions: readonly MessageMention[]): string {
    let result = text;
    for (const { username, name } of mentions) {
        if (name) {
            // The escaped username is a literal pattern: linear, whatever it contains.
            result = result.replace(new RegExp(escapeRegExp(`@${username}`), 'g'), name);
        }
    }
    return result;
}

/** A stored mention (`message.mentions[]`); only `username` and `name` matter here. */
export interface MessageMention {
    username?: string;
    name?: string;
}

/**
 * Core's `replaceMentionedUsernamesWithFullNames` (rocketchat-contract.md §2.4 step 3): for each mention with a name,
 * every `@username` becomes the name, anywhere in the text (no word boundary), mentions applied in order.
 */
export function replaceMentionsWithNames(text: string, mentions: readonly MessageMention[]): string {
    let result = text;
    for (const { username, name } of mentions) {
        if (name && username) {
            // split/join: a literal, global replacement, so neither the username nor the name is read as a pattern.
            result = result.split(`@${username}`).join(name);
        }
    }
    return result;
}

import emojione from 'emojione';

// Core's server turns ASCII smileys on for its shared emojione object at startup (app/emoji-emojione/server/lib.ts:
// no user preference can be read outside a method, so `ascii = true`), and its notification callback uses that object.
emojione.ascii = true;

/** `:smile:` and ASCII smileys such as `:)` become Unicode emoji; unknown shortnames stay as they are. */
export function shortnameToUnicode(text: string): string {
    return emojione.shortnameToUnicode(text);
}

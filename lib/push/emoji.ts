import emojione from 'emojione';

// Core's server turns ASCII smileys on for its shared emojione object at startup (app/emoji-emojione/server/lib.ts:
// no user preference can be read outside a method, so `ascii = true`), and its notification callback uses that object.
emojione.ascii = true;

/**
 * Core adds these shortnames to the emojione table, which lacks them (app/emoji-emojione/lib/getEmojiConfig.ts), with
 * these output code points, `:copyright:`'s `f0ef` included (it yields U+F0EF, not the variation selector U+FE0F).
 */
const CORE_ADDED_EMOJI: ReadonlyArray<readonly [shortname: string, base: string, output: string]> = [
    [':tm:', '2122', '2122-fe0f'],
    [':copyright:', '00a9', '00a9-f0ef'],
    [':registered:', '00ae', '00ae-fe0f'],
    [':digit_zero:', '0030', '0030-fe0f'],
    [':digit_one:', '0031', '0031-fe0f'],
    [':digit_two:', '0032', '0032-fe0f'],
    [':digit_three:', '0033', '0033-fe0f'],
    [':digit_four:', '0034', '0034-fe0f'],
    [':digit_five:', '0035', '0035-fe0f'],
    [':digit_six:', '0036', '0036-fe0f'],
    [':digit_seven:', '0037', '0037-fe0f'],
    [':digit_eight:', '0038', '0038-fe0f'],
    [':digit_nine:', '0039', '0039-fe0f'],
    [':pound_symbol:', '0023', '0023-fe0f'],
    [':asterisk_symbol:', '002a', '002a-fe0f'],
];

type EmojioneTable = typeof emojione & {
    shortnames: string;
    regShortNames: RegExp;
    emojioneList: { [shortname: string]: unknown };
};

const table = emojione as EmojioneTable;
for (const [shortname, base, output] of CORE_ADDED_EMOJI) {
    table.emojioneList[shortname] = {
        uc_base: base,
        uc_output: output,
        uc_match: `${base}-fe0f`,
        uc_greedy: `${base}-fe0f`,
        shortnames: [],
        category: 'symbols',
        emojiPackage: 'emojione',
    };
}
table.shortnames += `|${CORE_ADDED_EMOJI.map(([shortname]) => shortname).join('|')}`;
// The same expression emojione builds from `shortnames`, rebuilt so that the added names match.
table.regShortNames = new RegExp(
    `<object[^>]*>.*?<\\/object>|<span[^>]*>.*?<\\/span>|<(?:object|embed|svg|img|div|span|p|a)[^>]*>|(${table.shortnames})`,
    'gi',
);

/** `:smile:` and ASCII smileys such as `:)` become Unicode emoji; unknown shortnames stay as they are. */
export function shortnameToUnicode(text: string): string {
    return emojione.shortnameToUnicode(text);
}

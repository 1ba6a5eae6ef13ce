import { shortnameToUnicode } from '../../../lib/push/emoji';

describe('shortnameToUnicode', () => {
    it.each<[string, string]>([
        [':smile:', '😄'],
        [':thumbsup: done', '👍 done'],
        ['a :heart: b', 'a ❤ b'],
        [':nope: stays', ':nope: stays'],
        [':SMILE:', ':SMILE:'],
        ['no emoji here', 'no emoji here'],
        ['', ''],
    ])('shortnames: %j → %j', (input, expected) => {
        expect(shortnameToUnicode(input)).toBe(expected);
    });

    // Core's server converts ASCII smileys too (emoji-emojione/server/lib.ts sets `ascii = true`).
    it.each<[string, string]>([
        [':)', '🙂'],
        ['hi :D', 'hi 😃'],
        ['<3 you', '❤ you'],
        ['well :/ ok', 'well 😕 ok'],
        ['x:)y', 'x:)y'],
        ['http://rocket.chat', 'http://rocket.chat'],
    ])('ASCII smileys only between spaces: %j → %j', (input, expected) => {
        expect(shortnameToUnicode(input)).toBe(expected);
    });
});

describe("core's additions to the emojione table", () => {
    it.each<[string, string]>([
        [':tm:', '\u2122\ufe0f'],
        [':registered:', '\u00ae\ufe0f'],
        // Core's table gives :copyright: the output 00a9-f0ef (not fe0f); core's text has that character.
        [':copyright:', '\u00a9\uf0ef'],
        [':digit_zero:', '0\ufe0f'],
        [':digit_five:', '5\ufe0f'],
        [':digit_nine:', '9\ufe0f'],
        [':pound_symbol:', '#\ufe0f'],
        [':asterisk_symbol:', '*\ufe0f'],
        ['Acme:tm: and :digit_one::digit_two:', 'Acme\u2122\ufe0f and 1\ufe0f2\ufe0f'],
    ])('%j', (input, expected) => {
        expect(shortnameToUnicode(input)).toBe(expected);
    });

    it('keeps the original table working', () => {
        expect(shortnameToUnicode(':smile: :tm:')).toBe('😄 \u2122\ufe0f');
    });
});

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

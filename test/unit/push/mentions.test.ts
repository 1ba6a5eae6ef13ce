import { replaceMentionsWithNames } from '../../../lib/push/mentions';

describe('replaceMentionsWithNames', () => {
    it.each<[string, string, { username?: string; name?: string }[], string]>([
        ['every occurrence', 'hi @bob and @bob', [{ username: 'bob', name: 'Bob Smith' }], 'hi Bob Smith and Bob Smith'],
        ['no word boundary', '@bobby and @bob', [{ username: 'bob', name: 'Bob' }], 'Bobby and Bob'],
        [
            'several mentions, in order',
            '@a @b',
            [
                { username: 'a', name: 'Ann' },
                { username: 'b', name: 'Ben' },
            ],
            'Ann Ben',
        ],
        ['mentions without a name are skipped', '@all @bob', [{ username: 'all' }, { username: 'bob', name: 'Bob' }], '@all Bob'],
        ['regex characters are literal', '@a.b and @axb', [{ username: 'a.b', name: 'Dot' }], 'Dot and @axb'],
        // String.prototype.replace semantics, as core: `$&` inserts the match, `$$` a single `$`, `$1` stays (no groups).
        ['$& in a name inserts the matched @username', 'hi @x', [{ username: 'x', name: '[$&]' }], 'hi [@x]'],
        ['$$ in a name gives one $', '@x', [{ username: 'x', name: 'Cash $$ Money' }], 'Cash $ Money'],
        ['$1 and $` in a name', 'a @x b', [{ username: 'x', name: "$1|$`|$'" }], 'a $1|a | b b'],
        ['without mentions the text is kept', 'plain @bob', [], 'plain @bob'],
    ])('%s', (_case, text, mentions, expected) => {
        expect(replaceMentionsWithNames(text, mentions)).toBe(expected);
    });
});

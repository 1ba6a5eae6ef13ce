import { filterMarkdown } from '../../../lib/push/markdownFilter';

// Expected values are what core's filtered.js returns for the same input (docs/push.get.md).
describe('filterMarkdown', () => {
    describe.each<[string, [string, string][]]>([
        [
            '1. code fences are removed',
            [
                ['```code```', 'code'],
                ['```\nblock\n```', '\nblock\n'],
            ],
        ],
        [
            '2. inline code is unwrapped on one line',
            [
                ['use `npm ci` now', 'use npm ci now'],
                ['`a\nb`', '`a\nb`'],
                ['``', '``'],
            ],
        ],
        [
            '3. markdown links and images keep their text',
            [
                ['see [docs](https://rocket.chat/docs) ok', 'see docs ok'],
                ['![logo](http://x/y.png)', 'logo'],
                ['[a [b](http://x)', 'a [b'],
                ['[a](ftp://x)', '[a](ftp://x)'],
                ['[](http://x)', '[](http://x)'],
                ['[a] (http://x)', '[a] (http://x)'],
                ['[a](http://)', '[a](http://)'],
            ],
        ],
        [
            '4. angle links keep their text, also HTML-escaped',
            [
                ['<https://rocket.chat|Rocket.Chat>', 'Rocket.Chat'],
                ['&lt;http://a.b|Title&gt;', 'Title'],
                ['<http://a|x>y>', 'xy>'],
                ['<http://a|b&gt;>', 'b>'],
                ['<mailto:x|y>', '<mailto:x|y>'],
                ['<http://a|\nb>', '<http://a|\nb>'],
                ['<http://a|>', '<http://a|>'],
            ],
        ],
        [
            '5. heading marks at a line start are removed',
            [
                ['# Title', 'Title'],
                ['#### Four', 'Four'],
                ['x\n## Sub heading', 'x\nSub heading'],
                ['# a b  c', 'a b  c'],
                ['##### Five', '##### Five'],
                ['#NoSpace', '#NoSpace'],
                ['a # b', 'a # b'],
                ['#  two spaces', '#  two spaces'],
            ],
        ],
        [
            '6. bold is unwrapped',
            [
                ['*bold*', 'bold'],
                ['**bold**', 'bold'],
                ['a *b* c', 'a b c'],
                ['**a*', 'a'],
                ['*a**b*', 'ab*'],
                ['2 * 3 * 4', '2  3  4'],
                ['a*b*c', 'a*b*c'],
                ['***x***', '***x***'],
                ['*a\nb*', '*a\nb*'],
            ],
        ],
        [
            '7. italics are unwrapped',
            [
                ['_it_', 'it'],
                ['__it__', 'it'],
                ['snake_case_name', 'snake_case_name'],
            ],
        ],
        [
            '8. strike-through is unwrapped',
            [
                ['~strike~', 'strike'],
                ['~~s~~', 's'],
            ],
        ],
        [
            '9. block quotes keep their inner text',
            [
                ['>>>\nquoted\n<<<', 'quoted'],
                ['>>>\n\nmulti\nline\n\n<<<', 'multi\nline'],
                ['a\n>>>\nq\n<<<\nb', 'a\nq\nb'],
                ['>>>\n\n<<<', ''],
                ['>>>\n<<<', '>>\n<<<'],
                ['>>>quoted<<<', '>>quoted<<<'],
            ],
        ],
        ['10. one leading > per line is removed', [['> quote\n>> nested\nplain > not', ' quote\n> nested\nplain > not']]],
        [
            'combinations follow the rule order',
            [
                ['*_both_*', 'both'],
                ['~a~_b_', 'ab'],
                ['*a*_b_', 'a_b_'],
                ['*a* *b*', 'a b'],
                ['*a*~*b*', 'a~*b*'],
                ['> *quoted* text', ' quoted text'],
                ['# *Title* with [link](https://x.y)', 'Title with link'],
                ['`*x*`', 'x'],
            ],
        ],
        [
            'plain text is untouched',
            [
                ['hello world', 'hello world'],
                ['', ''],
                [':smile: 100% <3', ':smile: 100% <3'],
            ],
        ],
    ])('%s', (_rule, cases) => {
        it.each(cases)('%j → %j', (input, expected) => {
            expect(filterMarkdown(input)).toBe(expected);
        });
    });

    it.each<[string, string]>([
        ['block quote opening and many newlines', '>>>' + '\n'.repeat(50000)],
        ['many unclosed link brackets', '['.repeat(50000)],
        ['many unclosed angle links', '<http://a|'.repeat(5000)],
        ['many unclosed bold markers', ' *a'.repeat(20000)],
    ])('stays fast on adversarial input: %s', (_name, input) => {
        const started = Date.now();
        filterMarkdown(input);
        expect(Date.now() - started).toBeLessThan(1000);
    });
});

import { MAX_PARSED_LENGTH, withParsedMarkdown } from '../../../lib/message/markdown';

describe('withParsedMarkdown', () => {
    it('adds md after the canonical head keys when the host gave none', () => {
        const result = withParsedMarkdown({
            _id: 'm',
            rid: 'r',
            msg: 'hi *there*',
            ts: 't',
            u: { _id: 'u' },
            _updatedAt: 'x',
            mentions: [],
        });
        expect(Object.keys(result)).toEqual(['_id', 'rid', 'msg', 'ts', 'u', '_updatedAt', 'md', 'mentions']);
        expect(result.md).toEqual([
            {
                type: 'PARAGRAPH',
                value: [
                    { type: 'PLAIN_TEXT', value: 'hi ' },
                    { type: 'BOLD', value: [{ type: 'PLAIN_TEXT', value: 'there' }] },
                ],
            },
        ]);
    });

    it('keeps the stored md, and leaves encrypted or empty messages alone', () => {
        const stored = { _id: 'm', msg: 'x', md: [{ type: 'STORED' }] };
        expect(withParsedMarkdown(stored)).toBe(stored);
        const encrypted = { _id: 'm', msg: 'ciphertext', t: 'e2e' };
        expect(withParsedMarkdown(encrypted)).toBe(encrypted);
        const upload = { _id: 'm', msg: '' };
        expect(withParsedMarkdown(upload)).toBe(upload);
    });
});

describe('the md bound', () => {
    // Long runs of "[" or of digits were among the slowest inputs measured for the parser.
    const atBound = '['.repeat(MAX_PARSED_LENGTH);
    const aboveBound = '['.repeat(MAX_PARSED_LENGTH + 1);

    it('parses a text of exactly the bound', () => {
        const result = withParsedMarkdown({ _id: 'm', msg: atBound });
        expect(result.md).toEqual([{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: atBound }] }]);
    });

    it('leaves md out above the bound, whatever the text, and keeps the message as is', () => {
        for (const msg of [aboveBound, '1'.repeat(5000), 'word '.repeat(1000)]) {
            const message = { _id: 'm', rid: 'r', msg, mentions: [] };
            const result = withParsedMarkdown(message);
            expect(result).toBe(message);
            expect(result).not.toHaveProperty('md');
        }
    });

    it('is 160 UTF-16 units', () => {
        expect(MAX_PARSED_LENGTH).toBe(160);
    });
});

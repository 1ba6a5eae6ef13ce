import { withParsedMarkdown } from '../../../lib/message/markdown';

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

import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const marketplace = readFileSync(path.join(root, 'docs/marketplace.md'), 'utf8');

/** The quoted block (`> …` lines) after a bold label, as one line of text: what goes into the portal's field. */
function quotedAfter(label: string): string {
    const match = new RegExp(`\\*\\*${label}\\*\\*[^\\n]*\\n\\n((?:> .*\\n)+)`).exec(marketplace);
    if (!match) throw new Error(`no quoted block after "${label}" in docs/marketplace.md`);
    return match[1]
        .trim()
        .split('\n')
        .map((line) => line.slice(2))
        .join(' ');
}

/** The Marketplace's limits for the listing copy (docs/marketplace.md), and the counts that page states. */
describe('listing copy in docs/marketplace.md', () => {
    it.each([
        ['Short description', 45],
        ['Long description', 1000],
    ])('%s fits its limit and the page states its real length', (label, limit) => {
        const text = quotedAfter(label);
        expect(text.length).toBeLessThanOrEqual(limit);
        expect(marketplace).toContain(`**${label}** (${text.length} of at most ${limit} characters`);
    });

    it('app.json carries the description the page quotes', () => {
        const manifest = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8')) as { description: string };
        expect(marketplace.replace(/\n/g, ' ')).toContain(`"${manifest.description}"`);
    });
});

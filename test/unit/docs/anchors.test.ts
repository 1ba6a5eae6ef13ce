/**
 * Docs cannot drift: every `<page>.md#<anchor>` cited in code, tests and docs (and every `](#anchor)` inside a page)
 * names a page of the repository and a heading it has, as GitHub renders it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CITING = /\.(md|ts|js|mjs|json|conf)$/;

function trackedFiles(): string[] {
    const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
    return listed
        .toString()
        .split('\n')
        .filter((file) => CITING.test(file) && !file.endsWith('package-lock.json') && existsSync(path.join(ROOT, file)));
}

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
    for (const [, title] of prose.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
        const base = title
            .replace(/<[^>]+>/g, '')
            .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
            .replace(/ /g, '-');
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    return anchors;
}

interface Citation {
    from: string;
    page: string;
    anchor: string;
}

function citations(file: string, text: string): Citation[] {
    const found: Citation[] = [];
    for (const match of text.matchAll(/([\w./-]*\.md)#([\w-]+)/g)) {
        found.push({ from: file, page: match[1], anchor: match[2] });
    }
    if (file.endsWith('.md')) {
        for (const match of text.matchAll(/\]\(#([\w-]+)\)/g)) {
            found.push({ from: file, page: path.basename(file), anchor: match[1] });
        }
    }
    return found;
}

/** The cited page: relative to the citing file (a link), else from the repository root (a comment). */
function resolvePage(citation: Citation): string | undefined {
    const candidates = [path.join(path.dirname(citation.from), citation.page), citation.page.replace(/^(\.\/)+/, '')];
    return candidates.map((candidate) => path.normalize(candidate)).find((candidate) => existsSync(path.join(ROOT, candidate)));
}

describe('doc anchors', () => {
    it('GitHub ids: code spans, punctuation and repeats', () => {
        const page = '# Title\n## What `update` holds\n## Notes\n```sh\n# not a heading\n```\n## Notes\n### `data.message`';
        expect([...headingAnchors(page)]).toEqual(['title', 'what-update-holds', 'notes', 'notes-1', 'datamessage']);
    });

    it('every cited page exists and has the cited heading', () => {
        const pages = new Map<string, Set<string>>();
        const dangling: string[] = [];
        let checked = 0;
        for (const file of trackedFiles()) {
            for (const citation of citations(file, readFileSync(path.join(ROOT, file), 'utf8'))) {
                const page = resolvePage(citation);
                if (page === undefined) {
                    dangling.push(`${citation.from}: ${citation.page} does not exist`);
                    continue;
                }
                if (!pages.has(page)) {
                    pages.set(page, headingAnchors(readFileSync(path.join(ROOT, page), 'utf8')));
                }
                checked += 1;
                if (!pages.get(page)!.has(citation.anchor)) {
                    dangling.push(`${citation.from}: ${page} has no heading #${citation.anchor}`);
                }
            }
        }
        expect(dangling).toEqual([]);
        expect(checked).toBeGreaterThan(50);
    });

    it('cites sections by anchor, never by a quoted title (a title can drift, an anchor is checked)', () => {
        const quoted = trackedFiles().flatMap((file) =>
            [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/[\w./-]+\.md,\s+"[^"]+"/g)].map(
                (match) => `${file}: ${match[0].replace(/\s+/g, ' ')}`,
            ),
        );
        expect(quoted).toEqual([]);
    });
});

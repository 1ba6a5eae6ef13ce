/**
 * The notification markdown filter (docs/push.get.md): strips markup so a push shows plain text.
 * Same results as core's `filtered.js`, rule by rule and in the same order, but written as scanners where core's
 * regular expressions backtrack badly (the `>>>` block-quote rule is cubic on a run of newlines).
 * Every step is linear in the length of the text.
 */

const LINK_SCHEMES = ['http', 'https'];
const LINE_TERMINATORS = '\n\r\u2028\u2029';

export function filterMarkdown(text: string): string {
    let result = text.split('```').join('');
    result = result.replace(/`([^`\r\n]+)`/g, '$1');
    result = unwrapMarkdownLinks(result);
    result = unwrapAngleLinks(result);
    result = stripHeadingMarks(result);
    result = unwrapEmphasis(result, '*', ' >_~`', '<_~`');
    result = unwrapEmphasis(result, '_', ' >*~`', '<*~`');
    result = unwrapEmphasis(result, '~', ' >_*`', '<_*`');
    result = unwrapBlockQuotes(result);
    return result.replace(/^>/gm, '');
}

/**
 * `find(from)` answers "first index ≥ from, or -1" and remembers its last answer, because the scanners ask with
 * growing `from`: an answer at or after `from` is still the first one.
 */
function cachedFinder(find: (from: number) => number): (from: number) => number {
    let askedFrom = Infinity;
    let answer = -1;
    return (from) => {
        if (from < askedFrom || (answer !== -1 && answer < from)) {
            answer = find(from);
            askedFrom = from;
        }
        return answer;
    };
}

function substringFinder(text: string, needle: string): (from: number) => number {
    return cachedFinder((from) => text.indexOf(needle, from));
}

function isLineTerminator(char: string | undefined): boolean {
    return char !== undefined && char !== '' && LINE_TERMINATORS.includes(char);
}

function isLineStart(text: string, index: number): boolean {
    return index === 0 || isLineTerminator(text[index - 1]);
}

/** Index just after `scheme://` at `index`, or -1. */
function afterLinkScheme(text: string, index: number): number {
    for (const scheme of LINK_SCHEMES) {
        if (text.startsWith(`${scheme}://`, index)) {
            return index + scheme.length + 3;
        }
    }
    return -1;
}

/** Rule 3: `[title](scheme://…)` and `![title](scheme://…)` become `title`. */
function unwrapMarkdownLinks(text: string): string {
    const nextCloseBracket = substringFinder(text, ']');
    const nextCloseParen = substringFinder(text, ')');
    let out = '';
    let copied = 0;
    let open = text.indexOf('[');
    while (open !== -1) {
        const close = nextCloseBracket(open + 1);
        if (close === -1) {
            break;
        }
        const urlStart = close > open + 1 && text[close + 1] === '(' ? afterLinkScheme(text, close + 2) : -1;
        const end = urlStart === -1 ? -1 : nextCloseParen(urlStart);
        if (end > urlStart) {
            const start = open > copied && text[open - 1] === '!' ? open - 1 : open;
            out += text.slice(copied, start) + text.slice(open + 1, close);
            copied = end + 1;
            open = text.indexOf('[', copied);
        } else {
            open = text.indexOf('[', open + 1);
        }
    }
    return out + text.slice(copied);
}

/** Rule 4: `<scheme://…|title>`, also HTML-escaped as `&lt;…&gt;`, becomes `title` (one line, non-empty). */
function unwrapAngleLinks(text: string): string {
    const nextLt = substringFinder(text, '<');
    const nextEscapedLt = substringFinder(text, '&lt;');
    const nextPipe = substringFinder(text, '|');
    const nextGt = substringFinder(text, '>');
    const nextEscapedGt = substringFinder(text, '&gt;');
    const nextLineBreak = cachedFinder((from) => {
        for (let index = from; index < text.length; index++) {
            if (isLineTerminator(text[index])) {
                return index;
            }
        }
        return -1;
    });
    const firstOf = (a: number, b: number) => (a === -1 ? b : b === -1 ? a : Math.min(a, b));

    let out = '';
    let copied = 0;
    let start = firstOf(nextLt(0), nextEscapedLt(0));
    while (start !== -1) {
        const urlStart = afterLinkScheme(text, start + (text[start] === '<' ? 1 : 4));
        const pipe = urlStart === -1 ? -1 : nextPipe(urlStart);
        const titleStart = pipe + 1;
        const closer =
            pipe > urlStart && titleStart < text.length && !isLineTerminator(text[titleStart])
                ? firstOf(nextGt(titleStart + 1), nextEscapedGt(titleStart + 1))
                : -1;
        const lineBreak = closer === -1 ? -1 : nextLineBreak(titleStart);
        if (closer !== -1 && (lineBreak === -1 || lineBreak > closer)) {
            out += text.slice(copied, start) + text.slice(titleStart, closer);
            copied = closer + (text[closer] === '>' ? 1 : 4);
            start = firstOf(nextLt(copied), nextEscapedLt(copied));
        } else {
            start = firstOf(nextLt(start + 1), nextEscapedLt(start + 1));
        }
    }
    return out + text.slice(copied);
}

/**
 * Rule 5: `#` to `####` and one space at a line start are removed when a non-space follows. The match runs on over
 * words separated by single spaces (as core's does), which matters only when a U+2028/U+2029 sits among them.
 */
function stripHeadingMarks(text: string): string {
    return text.replace(/^#{1,4} (?:\S[ \u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]?)+/gm, (heading) =>
        heading.slice(heading.indexOf(' ') + 1),
    );
}

interface Unwrapped {
    replacement: string;
    end: number;
}

/**
 * Rules 6–8: one or two `marker`s, a non-empty one-line text without the marker, one or two markers, unwrapped when
 * the opening is at a line start or right after one of `prefixChars`. A following `suffixChars` character is part
 * of the match, so it cannot open the next one.
 */
function unwrapEmphasis(text: string, marker: string, prefixChars: string, suffixChars: string): string {
    const runLength = (from: number) => {
        let end = from;
        while (text[end] === marker) {
            end++;
        }
        return end - from;
    };

    const unwrapFrom = (open: number): Unwrapped | undefined => {
        const opening = runLength(open);
        const contentStart = open + opening;
        if (
            opening < 1 ||
            opening > 2 ||
            contentStart >= text.length ||
            text[contentStart] === '\r' ||
            text[contentStart] === '\n'
        ) {
            return undefined;
        }
        let contentEnd = contentStart;
        while (
            contentEnd < text.length &&
            text[contentEnd] !== marker &&
            text[contentEnd] !== '\r' &&
            text[contentEnd] !== '\n'
        ) {
            contentEnd++;
        }
        if (text[contentEnd] !== marker) {
            return undefined;
        }
        const end = contentEnd + Math.min(runLength(contentEnd), 2);
        const suffix = end < text.length && suffixChars.includes(text[end]) ? text[end] : '';
        return { replacement: text.slice(contentStart, contentEnd) + suffix, end: end + suffix.length };
    };

    const unwrapAt = (index: number): Unwrapped | undefined => {
        const atLineStart = isLineStart(text, index) ? unwrapFrom(index) : undefined;
        if (atLineStart) {
            return atLineStart;
        }
        if (!prefixChars.includes(text[index])) {
            return undefined;
        }
        const afterPrefix = unwrapFrom(index + 1);
        return afterPrefix && { replacement: text[index] + afterPrefix.replacement, end: afterPrefix.end };
    };

    let out = '';
    let copied = 0;
    let index = 0;
    while (index < text.length) {
        const unwrapped = unwrapAt(index);
        if (unwrapped) {
            out += text.slice(copied, index) + unwrapped.replacement;
            copied = index = unwrapped.end;
        } else {
            index++;
        }
    }
    return out + text.slice(copied);
}

/**
 * Rule 9: `>>>`, newlines, the quote, newlines, `<<<` becomes the quote. The opening newlines are taken whole and the
 * quote ends at the first run of newlines followed by `<<<`; only when there is none can `<<<` follow the opening
 * newlines directly (at least two of them: one opens, one closes).
 */
function unwrapBlockQuotes(text: string): string {
    const nextClosing = substringFinder(text, '\n<<<');
    let out = '';
    let copied = 0;
    let open = text.indexOf('>>>\n');
    while (open !== -1) {
        let quoteStart = open + 3;
        while (text[quoteStart] === '\n') {
            quoteStart++;
        }
        const closing = nextClosing(quoteStart);
        let quoteEnd = -1;
        let end = -1;
        if (closing !== -1) {
            quoteEnd = closing;
            while (quoteEnd > quoteStart && text[quoteEnd - 1] === '\n') {
                quoteEnd--;
            }
            end = closing + 4;
        } else if (quoteStart - (open + 3) >= 2 && text.startsWith('<<<', quoteStart)) {
            quoteEnd = quoteStart;
            end = quoteStart + 3;
        }
        if (end === -1) {
            open = text.indexOf('>>>\n', open + 1);
        } else {
            out += text.slice(copied, open) + text.slice(quoteStart, quoteEnd);
            copied = end;
            open = text.indexOf('>>>\n', copied);
        }
    }
    return out + text.slice(copied);
}

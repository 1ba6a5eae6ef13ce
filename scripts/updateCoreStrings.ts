/**
 * Regenerates lib/push/i18n/coreStrings.json and lib/push/i18n/coreLocales.json from Rocket.Chat core's
 * locale files (packages/i18n/src/locales/<locale>.i18n.json), so the push texts stay byte for byte core's.
 *
 *     npx tsx scripts/updateCoreStrings.ts <Rocket.Chat checkout>
 *     npx tsx scripts/updateCoreStrings.ts <Rocket.Chat checkout or bare git mirror> [commit]
 *
 * Without a commit, a checkout is read from its work tree, as it is on disk. With a commit, or from a bare
 * mirror (no work tree), the files are read with `git show` at that commit (HEAD by default).
 * Values are copied raw: core turns `__name__` into `{{name}}` only in its own build step, and none of the
 * push strings has a placeholder anyway (lib/push/i18n/README.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PUSH_STRING_KEYS = [
    'User_uploaded_image',
    'User_uploaded_file',
    'Encrypted_message',
    'You_have_a_new_message',
] as const;

export type PushStringKey = (typeof PUSH_STRING_KEYS)[number];
export type PushStrings = Partial<Record<PushStringKey, string>>;

export const LOCALES_FOLDER = 'packages/i18n/src/locales';
const LOCALE_FILE_SUFFIX = '.i18n.json';

const OUTPUT_DIR = path.resolve(__dirname, '..', 'lib', 'push', 'i18n');

/** Locale codes from file names, in code-point order, so `de` comes before `de-AT` as in the JSON we write. */
export function localesFromFileNames(fileNames: readonly string[]): string[] {
    return fileNames
        .filter((name) => name.endsWith(LOCALE_FILE_SUFFIX))
        .map((name) => name.slice(0, -LOCALE_FILE_SUFFIX.length))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The push keys one locale file defines. A key the file lacks stays absent (core falls back per key at run
 * time, which is the reader's job); a key with a value that is not a non-empty string stops the run, because
 * the push code could not use it and a silent skip would hide a format change in core.
 */
export function extractPushStrings(locale: string, fileText: string): PushStrings {
    const content: unknown = JSON.parse(fileText);
    if (typeof content !== 'object' || content === null || Array.isArray(content)) {
        throw new Error(`${locale}: not a JSON object`);
    }
    const strings: PushStrings = {};
    for (const key of PUSH_STRING_KEYS) {
        if (!Object.prototype.hasOwnProperty.call(content, key)) {
            continue;
        }
        const value: unknown = (content as Record<string, unknown>)[key];
        if (typeof value !== 'string' || value === '') {
            throw new Error(`${locale}: ${key} is ${JSON.stringify(value)}, expected a non-empty string`);
        }
        strings[key] = value;
    }
    return strings;
}

/** Reads every locale file of a work tree, or through git at `commit` when one is given or there is no work tree. */
function readLocaleFiles(source: string, commit: string | undefined): Map<string, string> {
    const files = new Map<string, string>();
    const folder = path.join(source, LOCALES_FOLDER);
    if (commit === undefined && existsSync(folder) && statSync(folder).isDirectory()) {
        for (const locale of localesFromFileNames(readdirSync(folder))) {
            files.set(locale, readFileSync(path.join(folder, locale + LOCALE_FILE_SUFFIX), 'utf8'));
        }
        return files;
    }
    const revision = commit ?? 'HEAD';
    // `git -C` works in a checkout and in a bare mirror alike.
    const git = (...args: string[]): string =>
        execFileSync('git', ['-C', source, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const names = git('ls-tree', '--name-only', `${revision}:${LOCALES_FOLDER}`).split('\n');
    for (const locale of localesFromFileNames(names)) {
        files.set(locale, git('show', `${revision}:${LOCALES_FOLDER}/${locale}${LOCALE_FILE_SUFFIX}`));
    }
    return files;
}

/**
 * The two files we ship, from core's locale files keyed by locale code: the push strings of every locale (a
 * locale without any of them keeps an empty entry, so the list stays complete) and the list of locales.
 */
export function buildCoreStrings(files: ReadonlyMap<string, string>): {
    strings: Record<string, PushStrings>;
    locales: string[];
} {
    const locales = localesFromFileNames([...files.keys()].map((locale) => locale + LOCALE_FILE_SUFFIX));
    if (!locales.includes('en')) {
        throw new Error(`no en${LOCALE_FILE_SUFFIX}: is this core's ${LOCALES_FOLDER}?`);
    }
    const strings: Record<string, PushStrings> = {};
    for (const locale of locales) {
        strings[locale] = extractPushStrings(locale, files.get(locale) ?? '');
    }
    return { strings, locales };
}

/** JSON.stringify with 2 spaces is what Prettier keeps for these files (.prettierrc.json, json override). */
function toJsonFile(value: unknown): string {
    return JSON.stringify(value, null, 2) + '\n';
}

function main(): void {
    const [source, commit] = process.argv.slice(2);
    if (!source) {
        console.error('usage: npx tsx scripts/updateCoreStrings.ts <Rocket.Chat checkout or git dir> [commit]');
        process.exit(2);
    }
    const { strings, locales } = buildCoreStrings(readLocaleFiles(path.resolve(source), commit));
    writeFileSync(path.join(OUTPUT_DIR, 'coreStrings.json'), toJsonFile(strings));
    writeFileSync(path.join(OUTPUT_DIR, 'coreLocales.json'), toJsonFile(locales));
    console.log(
        `${locales.length} locales written to ${path.relative(process.cwd(), OUTPUT_DIR)}; update the list in its README.md`,
    );
}

if (require.main === module) {
    main();
}

/**
 * The runtime texts of a push notification: core's exact strings from packages/i18n/src/locales/<code>.i18n.json,
 * kept as data in i18n/coreStrings.json (the engine's i18n only covers what the engine renders).
 */
import coreStrings from './i18n/coreStrings.json';

export type TranslationKey = 'User_uploaded_image' | 'User_uploaded_file' | 'Encrypted_message' | 'You_have_a_new_message';

type LocaleTexts = Readonly<Partial<Record<TranslationKey, string>>>;

const FALLBACK_LANGUAGE = 'en';

/** Keyed by lower-case code, so `zh-tw` finds `zh-TW` as i18next's code formatting does; a Map: `__proto__` is a miss. */
const TRANSLATIONS = new Map<string, LocaleTexts>(
    Object.entries(coreStrings as Record<string, LocaleTexts>).map(([code, texts]) => [code.toLowerCase(), texts]),
);

/**
 * The codes i18next tries for `language`, most specific first: `zh-Hant-TW` → `zh-Hant-TW`, `zh-Hant`, `zh`; then
 * English, core's fallback language.
 */
export function languageChain(language: string | null | undefined): string[] {
    const parts = (language ?? '').trim().split('-');
    const chain: string[] = [];
    for (let length = parts.length; length > 0; length--) {
        const code = parts.slice(0, length).join('-');
        if (code !== '' && !chain.includes(code.toLowerCase())) {
            chain.push(code.toLowerCase());
        }
    }
    return chain.includes(FALLBACK_LANGUAGE) ? chain : [...chain, FALLBACK_LANGUAGE];
}

/** The text of `key` for `language`; a locale whose core file lacks the key falls through to the next code in the chain. */
export function translate(key: TranslationKey, language?: string | null): string {
    for (const code of languageChain(language)) {
        const text = TRANSLATIONS.get(code)?.[key];
        if (text !== undefined) {
            return text;
        }
    }
    // English has every key (checked by the unit tests); this is only reached if the data file is broken.
    return key;
}

import coreStrings from '../../../lib/push/i18n/coreStrings.json';
import type { TranslationKey } from '../../../lib/push/translations';
import { languageChain, translate } from '../../../lib/push/translations';

const KEYS: TranslationKey[] = ['User_uploaded_image', 'User_uploaded_file', 'Encrypted_message', 'You_have_a_new_message'];

describe('translate', () => {
    it.each<[string, TranslationKey, string]>([
        ['en', 'User_uploaded_image', 'Uploaded an image'],
        ['en', 'User_uploaded_file', 'Uploaded a file'],
        ['en', 'Encrypted_message', 'Encrypted message'],
        ['en', 'You_have_a_new_message', 'You have a new message'],
        ['de', 'User_uploaded_image', 'hat ein Bild hochgeladen'],
        ['de', 'You_have_a_new_message', 'Sie haben eine neue Nachricht'],
        ['es', 'Encrypted_message', 'Mensaje cifrado'],
        ['fr', 'You_have_a_new_message', 'Vous avez un nouveau message'],
        ['pt-BR', 'You_have_a_new_message', 'Nova mensagem'],
        ['ru', 'User_uploaded_image', 'Загрузил изображение'],
        ['ja', 'User_uploaded_file', 'ファイルをアップロードしました'],
        // Core's de-AT file has its own upload texts but no You_have_a_new_message: that one comes from de.
        ['de-AT', 'User_uploaded_image', 'Ein Bild hochgeladen'],
        ['de-AT', 'User_uploaded_file', 'Eine Datei hochgeladen'],
        ['de-AT', 'You_have_a_new_message', 'Sie haben eine neue Nachricht'],
        ['zh', 'User_uploaded_image', '上传了一张图片'],
        ['zh', 'You_have_a_new_message', '您有新的消息'],
        ['zh-TW', 'User_uploaded_image', '上傳了一個影像'],
        ['zh-TW', 'Encrypted_message', '加密訊息'],
        ['zh-TW', 'You_have_a_new_message', '您有一個新的訊息'],
        // Core's pt file lacks You_have_a_new_message: it falls to English, not to pt-BR.
        ['pt', 'User_uploaded_image', 'Carregou uma imagem'],
        ['pt', 'You_have_a_new_message', 'You have a new message'],
    ])('%s %s', (language, key, expected) => {
        expect(translate(key, language)).toBe(expected);
    });

    it.each<[string | null | undefined, string]>([
        ['zh-tw', '您有一個新的訊息'],
        ['ZH-TW', '您有一個新的訊息'],
        // Codes core ships no locale file for (zh-SG, zh-Hant-TW, de-CH, pt-PT) fall back to shorter codes.
        ['zh-SG', '您有新的消息'],
        ['zh-Hant-TW', '您有新的消息'],
        ['de-CH', 'Sie haben eine neue Nachricht'],
        ['pt-PT', 'You have a new message'],
        // i18next does not read "_" as a separator.
        ['pt_BR', 'You have a new message'],
        ['xx', 'You have a new message'],
        ['__proto__', 'You have a new message'],
        ['constructor', 'You have a new message'],
        ['', 'You have a new message'],
        [null, 'You have a new message'],
        [undefined, 'You have a new message'],
    ])('language %j: exact code, then shorter codes, then English', (language, expected) => {
        expect(translate('You_have_a_new_message', language)).toBe(expected);
    });

    it('tries codes as i18next does', () => {
        expect(languageChain('zh-Hant-TW')).toEqual(['zh-hant-tw', 'zh-hant', 'zh', 'en']);
        expect(languageChain('de-AT')).toEqual(['de-at', 'de', 'en']);
        expect(languageChain('en-GB')).toEqual(['en-gb', 'en']);
        expect(languageChain(undefined)).toEqual(['en']);
    });
});

describe('the core strings data', () => {
    const table = coreStrings as Record<string, Record<string, unknown>>;

    it('has English for every key, and only the four keys, as non-empty strings', () => {
        for (const key of KEYS) {
            expect(typeof table.en[key]).toBe('string');
        }
        for (const [code, texts] of Object.entries(table)) {
            expect(code).toMatch(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/);
            for (const [key, text] of Object.entries(texts)) {
                expect(KEYS).toContain(key);
                expect(typeof text === 'string' && text.trim() !== '').toBe(true);
            }
        }
    });
});

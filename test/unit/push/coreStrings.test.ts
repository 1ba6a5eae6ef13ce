import { readFileSync } from 'node:fs';
import path from 'node:path';

import coreLocales from '../../../lib/push/i18n/coreLocales.json';
import coreStringsJson from '../../../lib/push/i18n/coreStrings.json';
import { PUSH_STRING_KEYS, buildCoreStrings, extractPushStrings, localesFromFileNames } from '../../../scripts/updateCoreStrings';

const coreStrings: Record<string, Record<string, unknown>> = coreStringsJson;

describe('coreStrings.json: complete against core', () => {
    it('has exactly the recorded list of core locale files, in code-point order', () => {
        expect(Object.keys(coreStrings)).toEqual(coreLocales);
        expect(coreLocales).toEqual([...new Set(coreLocales)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        expect(coreLocales).toHaveLength(67);
        expect(coreLocales).toEqual(expect.arrayContaining(['en', 'de', 'de-AT', 'pt', 'pt-BR', 'zh', 'zh-TW', 'ja']));
        // Removed from core (no, nb-NO) or never merged (zh-CN).
        expect(coreLocales).toEqual(expect.not.arrayContaining(['no', 'nb-NO', 'zh-CN']));
    });

    it('the README lists the same locale files as coreLocales.json', () => {
        const readme = readFileSync(path.join(__dirname, '../../../lib/push/i18n/README.md'), 'utf8');
        const start = readme.indexOf("Core's locale files:");
        expect(start).toBeGreaterThan(-1);
        const listed = [...readme.slice(start, readme.indexOf('\n\n', start)).matchAll(/`([A-Za-z-]+)\.i18n\.json`/g)].map(
            (match) => match[1],
        );
        expect(listed).toEqual(coreLocales);
    });

    it.each(Object.keys(coreStrings))('%s has only the four push keys, each a non-empty string', (locale) => {
        const entry = coreStrings[locale];
        for (const [key, value] of Object.entries(entry)) {
            expect(PUSH_STRING_KEYS).toContain(key);
            expect(typeof value).toBe('string');
            expect(value).not.toBe('');
        }
    });

    it('en has all four texts, as core writes them', () => {
        expect(coreStrings.en).toEqual({
            User_uploaded_image: 'Uploaded an image',
            User_uploaded_file: 'Uploaded a file',
            Encrypted_message: 'Encrypted message',
            You_have_a_new_message: 'You have a new message',
        });
    });

    it.each<[string, Record<string, string>]>([
        [
            'de',
            {
                User_uploaded_image: 'hat ein Bild hochgeladen',
                User_uploaded_file: 'hat eine Datei hochgeladen',
                Encrypted_message: 'Verschlüsselte Nachricht',
                You_have_a_new_message: 'Sie haben eine neue Nachricht',
            },
        ],
        [
            // No You_have_a_new_message in core's de-AT: the reader falls back to de.
            'de-AT',
            {
                User_uploaded_image: 'Ein Bild hochgeladen',
                User_uploaded_file: 'Eine Datei hochgeladen',
                Encrypted_message: 'Verschlüsselte Nachricht',
            },
        ],
        [
            'pt-BR',
            {
                User_uploaded_image: 'Carregou uma imagem',
                User_uploaded_file: 'Carregou um arquivo',
                Encrypted_message: 'Mensagem criptografada',
                You_have_a_new_message: 'Nova mensagem',
            },
        ],
        [
            'pt',
            {
                User_uploaded_image: 'Carregou uma imagem',
                User_uploaded_file: 'Carregou um arquivo',
                Encrypted_message: 'Mensagem encriptada',
            },
        ],
        [
            'zh-TW',
            {
                User_uploaded_image: '上傳了一個影像',
                User_uploaded_file: '已上傳了一個檔案',
                Encrypted_message: '加密訊息',
                You_have_a_new_message: '您有一個新的訊息',
            },
        ],
        [
            'zh',
            {
                User_uploaded_image: '上传了一张图片',
                User_uploaded_file: '上传了一个文件',
                Encrypted_message: '加密消息',
                You_have_a_new_message: '您有新的消息',
            },
        ],
        [
            'ja',
            {
                User_uploaded_image: '画像をアップロードしました',
                User_uploaded_file: 'ファイルをアップロードしました',
                Encrypted_message: '暗号化されたメッセージ',
                You_have_a_new_message: '新しいメッセージがあります',
            },
        ],
        [
            'hi-IN',
            {
                User_uploaded_image: 'एक छवि अपलोड की गई',
                User_uploaded_file: 'एक फ़ाइल अपलोड की गई',
                Encrypted_message: 'एन्क्रिप्टेड संदेश',
                You_have_a_new_message: 'आपको एक नया संदेश आया है',
            },
        ],
        ['si', { You_have_a_new_message: 'ඔබට නව පණිවිඩයක් ඇත' }],
        ['he', { Encrypted_message: 'הודעה מוצפנת', You_have_a_new_message: 'יש לך הודעה חדשה' }],
        ['se', {}],
        ['bn-BD', {}],
    ])('%s is core’s text, byte for byte', (locale, expected) => {
        expect(coreStrings[locale]).toEqual(expected);
    });
});

describe('scripts/updateCoreStrings', () => {
    const localeFile = (content: Record<string, unknown>): string => JSON.stringify(content, null, 2);

    it('takes locale codes from file names, in code-point order, skipping other files', () => {
        expect(
            localesFromFileNames(['zh.i18n.json', 'de.i18n.json', 'zh-TW.i18n.json', 'de-AT.i18n.json', 'locales.spec.ts', '']),
        ).toEqual(['de', 'de-AT', 'zh', 'zh-TW']);
    });

    it('keeps the push keys a locale file has, raw, and leaves the others out', () => {
        const text = localeFile({
            Encrypted_message: 'Mensaje cifrado',
            User_uploaded_image: 'Ha subido una imagen __username__',
            User_uploaded_a_file_on_channel: 'not a push key',
        });
        expect(extractPushStrings('es', text)).toEqual({
            User_uploaded_image: 'Ha subido una imagen __username__',
            Encrypted_message: 'Mensaje cifrado',
        });
        expect(extractPushStrings('se', '{}')).toEqual({});
    });

    it.each<[string, string, string]>([
        ['an empty text', localeFile({ Encrypted_message: '' }), 'xx: Encrypted_message is "", expected a non-empty string'],
        [
            'a plural object',
            localeFile({ User_uploaded_file: { one: 'a file', other: 'files' } }),
            'xx: User_uploaded_file is {"one":"a file","other":"files"}, expected a non-empty string',
        ],
        ['null', localeFile({ You_have_a_new_message: null }), 'xx: You_have_a_new_message is null, expected a non-empty string'],
        ['an array file', '[]', 'xx: not a JSON object'],
    ])('stops on %s rather than skip it', (_case, text, message) => {
        expect(() => extractPushStrings('xx', text)).toThrow(message);
    });

    it('builds one entry per locale file, empty ones included, and the list of locales', () => {
        const files = new Map([
            ['zh-TW', localeFile({ Encrypted_message: '加密訊息' })],
            ['en', localeFile({ Encrypted_message: 'Encrypted message', Yes: 'Yes' })],
            ['bn-BD', localeFile({ Yes: 'হ্যাঁ' })],
        ]);
        const { strings, locales } = buildCoreStrings(files);
        expect(locales).toEqual(['bn-BD', 'en', 'zh-TW']);
        expect(JSON.stringify(strings)).toBe(
            JSON.stringify({
                'bn-BD': {},
                en: { Encrypted_message: 'Encrypted message' },
                'zh-TW': { Encrypted_message: '加密訊息' },
            }),
        );
    });

    it('refuses a folder without en, which is not core’s locale folder', () => {
        expect(() => buildCoreStrings(new Map([['de', '{}']]))).toThrow(
            "no en.i18n.json: is this core's packages/i18n/src/locales?",
        );
    });
});

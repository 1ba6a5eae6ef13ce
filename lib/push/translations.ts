/**
 * The runtime texts of a push notification, from Rocket.Chat core's packages/i18n/src/locales/<lng>.i18n.json
 * (the engine's i18n only covers what the engine renders; style.md §6).
 */

export type TranslationKey = 'User_uploaded_image' | 'User_uploaded_file' | 'Encrypted_message' | 'You_have_a_new_message';

type Texts = Readonly<Record<TranslationKey, string>>;

const ENGLISH: Texts = {
    User_uploaded_image: 'Uploaded an image',
    User_uploaded_file: 'Uploaded a file',
    Encrypted_message: 'Encrypted message',
    You_have_a_new_message: 'You have a new message',
};

/** Keyed by lower-case language code, so look-ups are case-insensitive; a Map, so `__proto__` is just a miss. */
const TRANSLATIONS = new Map<string, Texts>([
    ['en', ENGLISH],
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
        'es',
        {
            User_uploaded_image: 'Ha subido una imagen',
            User_uploaded_file: 'Ha subido un archivo',
            Encrypted_message: 'Mensaje cifrado',
            You_have_a_new_message: 'Tienes un nuevo mensaje',
        },
    ],
    [
        'fr',
        {
            User_uploaded_image: 'A chargé une image',
            User_uploaded_file: 'A chargé un fichier',
            Encrypted_message: 'Message chiffré',
            You_have_a_new_message: 'Vous avez un nouveau message',
        },
    ],
    [
        'pt-br',
        {
            User_uploaded_image: 'Carregou uma imagem',
            User_uploaded_file: 'Carregou um arquivo',
            Encrypted_message: 'Mensagem criptografada',
            You_have_a_new_message: 'Nova mensagem',
        },
    ],
    [
        'ru',
        {
            User_uploaded_image: 'Загрузил изображение',
            User_uploaded_file: 'Загрузил файл',
            Encrypted_message: 'Зашифрованное сообщение',
            You_have_a_new_message: 'У вас есть новое сообщение',
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
]);

/**
 * The text of `key` in `language` (`pt-BR`, `pt_br`, `de-AT`…): the exact language, else its base language
 * (`de-AT` → `de`), else English.
 */
export function translate(key: TranslationKey, language?: string | null): string {
    const code = (language ?? '').trim().toLowerCase().replace(/_/g, '-');
    return (TRANSLATIONS.get(code) ?? TRANSLATIONS.get(code.split('-')[0]) ?? ENGLISH)[key];
}

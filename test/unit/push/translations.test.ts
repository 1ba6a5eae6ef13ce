import type { TranslationKey } from '../../../lib/push/translations';
import { translate } from '../../../lib/push/translations';

describe('translate', () => {
    it.each<[string, TranslationKey, string]>([
        ['en', 'User_uploaded_image', 'Uploaded an image'],
        ['en', 'User_uploaded_file', 'Uploaded a file'],
        ['en', 'Encrypted_message', 'Encrypted message'],
        ['en', 'You_have_a_new_message', 'You have a new message'],
        ['de', 'User_uploaded_image', 'hat ein Bild hochgeladen'],
        ['de', 'You_have_a_new_message', 'Sie haben eine neue Nachricht'],
        ['es', 'User_uploaded_file', 'Ha subido un archivo'],
        ['es', 'Encrypted_message', 'Mensaje cifrado'],
        ['fr', 'User_uploaded_image', 'A chargé une image'],
        ['fr', 'You_have_a_new_message', 'Vous avez un nouveau message'],
        ['pt-BR', 'User_uploaded_file', 'Carregou um arquivo'],
        ['pt-BR', 'You_have_a_new_message', 'Nova mensagem'],
        ['ru', 'Encrypted_message', 'Зашифрованное сообщение'],
        ['ru', 'User_uploaded_image', 'Загрузил изображение'],
        ['ja', 'User_uploaded_file', 'ファイルをアップロードしました'],
        ['ja', 'You_have_a_new_message', '新しいメッセージがあります'],
    ])('%s %s', (language, key, expected) => {
        expect(translate(key, language)).toBe(expected);
    });

    it.each<[string | null | undefined, string]>([
        ['pt-br', 'Nova mensagem'],
        ['pt_BR', 'Nova mensagem'],
        ['PT-BR', 'Nova mensagem'],
        ['de-AT', 'Sie haben eine neue Nachricht'],
        ['de_CH', 'Sie haben eine neue Nachricht'],
        ['pt', 'You have a new message'],
        ['xx', 'You have a new message'],
        ['__proto__', 'You have a new message'],
        ['', 'You have a new message'],
        [null, 'You have a new message'],
        [undefined, 'You have a new message'],
    ])('language %j falls back: exact, base language, English', (language, expected) => {
        expect(translate('You_have_a_new_message', language)).toBe(expected);
    });
});

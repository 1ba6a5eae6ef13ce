import { receiverLanguage } from '../../../lib/push/language';

describe('receiverLanguage', () => {
    it.each<[string, unknown, string | undefined]>([
        [
            'the top-level language first (what an admin edit writes)',
            { language: 'de-AT', settings: { preferences: { language: 'fr' } } },
            'de-AT',
        ],
        [
            'then the untyped bag',
            { _unmappedProperties_: { language: 'zh-TW' }, settings: { preferences: { language: 'fr' } } },
            'zh-TW',
        ],
        [
            "then settings.preferences.language (all core's apps converter exposes)",
            { settings: { preferences: { language: 'pt' } } },
            'pt',
        ],
        [
            'empty values are skipped',
            { language: '', _unmappedProperties_: { language: ' ' }, settings: { preferences: { language: 'ja' } } },
            'ja',
        ],
        ['null values from the pipe are skipped', { language: null, _unmappedProperties_: null, settings: null }, undefined],
        ['non-text values are skipped', { language: 42, settings: { preferences: { language: ['de'] } } }, undefined],
        ['no user', undefined, undefined],
    ])('%s', (_case, user, expected) => {
        expect(receiverLanguage(user)).toBe(expected);
    });
});

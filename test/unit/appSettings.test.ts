import { APP_SETTINGS, AppSetting, parsePositiveInteger, parseRoleList } from '../../lib/app/settings';
import en from '../../i18n/en.json';

describe('app settings', () => {
    it('parses the role list, trimming and dropping empty entries', () => {
        expect(parseRoleList(' admin, user ,,bot ')).toEqual(['admin', 'user', 'bot']);
        expect(parseRoleList('')).toEqual([]);
        expect(parseRoleList(undefined)).toEqual(['admin', 'user', 'bot', 'app']);
        expect(parseRoleList(null)).toEqual(['admin', 'user', 'bot', 'app']);
    });

    it('accepts only positive whole numbers', () => {
        expect(parsePositiveInteger(45, 30)).toBe(45);
        expect(parsePositiveInteger('12', 30)).toBe(12);
        for (const bad of [0, -1, 1.5, 'x', '', null, undefined, NaN, [3]]) {
            expect(parsePositiveInteger(bad, 30)).toBe(30);
        }
    });

    it('has an English label and description for every setting', () => {
        for (const setting of APP_SETTINGS) {
            expect(en).toHaveProperty([setting.i18nLabel]);
            expect(en).toHaveProperty([setting.i18nDescription!]);
        }
        expect(APP_SETTINGS.map((setting) => setting.id)).toEqual(Object.values(AppSetting));
    });
});

import { DEFAULT_VIEW_GRANTS } from '../../../lib/access';
import {
    APP_SETTINGS,
    AppSetting,
    MAX_SETTINGS_CACHE_SECONDS,
    parseCacheSeconds,
    parseNonNegativeInteger,
    parsePositiveInteger,
    rateLimitConfigFrom,
    parseRoleList,
    VIEW_GRANT_SETTINGS,
    viewGrantsFrom,
} from '../../../lib/app/settings';
import de from '../../../i18n/de.json';
import en from '../../../i18n/en.json';
import es from '../../../i18n/es.json';
import fr from '../../../i18n/fr.json';
import ja from '../../../i18n/ja.json';
import ptBR from '../../../i18n/pt-BR.json';
import ru from '../../../i18n/ru.json';

describe('app settings', () => {
    it('parses a role list, trimming and dropping empty entries; a non-text gives the fallback', () => {
        expect(parseRoleList(' admin, user ,,bot ', ['x'])).toEqual(['admin', 'user', 'bot']);
        expect(parseRoleList('', ['x'])).toEqual([]);
        expect(parseRoleList(undefined, ['x'])).toEqual(['x']);
        expect(parseRoleList(null, ['x', 'y'])).toEqual(['x', 'y']);
        expect(parseRoleList(42, ['x'])).toEqual(['x']);
    });

    it('reads the view grants from the role-list settings, each falling back to core default', () => {
        expect(viewGrantsFrom({})).toEqual(DEFAULT_VIEW_GRANTS);
        expect(
            viewGrantsFrom({
                public_channel_roles: 'admin,user,bot,app',
                view_p_room_roles: 'admin, reader',
                view_joined_room_roles: '',
                view_livechat_rooms_roles: null,
            }),
        ).toEqual({
            'view-c-room': ['admin', 'user', 'bot', 'app'],
            'view-p-room': ['admin', 'reader'],
            'view-d-room': ['admin', 'user', 'bot', 'app', 'guest'],
            'view-joined-room': [],
            'view-livechat-rooms': ['livechat-manager', 'livechat-monitor', 'admin'],
        });
    });

    it("keeps 0.1.0's setting id for view-c-room, so a saved value carries over; its default gains anonymous", () => {
        const viewC = APP_SETTINGS.find((setting) => setting.id === 'public_channel_roles');
        expect(viewC?.packageValue).toBe('admin,user,bot,app,anonymous');
        expect(VIEW_GRANT_SETTINGS.find(({ permission }) => permission === 'view-c-room')?.setting).toBe('public_channel_roles');
    });

    it('defaults every role list to core default grant', () => {
        const defaults = Object.fromEntries(APP_SETTINGS.map((setting) => [setting.id, setting.packageValue]));
        expect(defaults).toMatchObject({
            public_channel_roles: 'admin,user,bot,app,anonymous',
            view_p_room_roles: 'admin,user,anonymous,guest',
            view_d_room_roles: 'admin,user,bot,app,guest',
            view_joined_room_roles: 'guest,bot,app,anonymous',
            view_livechat_rooms_roles: 'livechat-manager,livechat-monitor,admin',
            settings_cache_seconds: 5,
        });
    });

    it('accepts only positive whole numbers', () => {
        expect(parsePositiveInteger(45, 30)).toBe(45);
        expect(parsePositiveInteger('12', 30)).toBe(12);
        for (const bad of [0, -1, 1.5, 'x', '', null, undefined, NaN, [3]]) {
            expect(parsePositiveInteger(bad, 30)).toBe(30);
        }
    });

    it('reads the rate limits: whole numbers from 0 (off), anything else the default', () => {
        expect(parseNonNegativeInteger('0', 7)).toBe(0);
        expect(parseNonNegativeInteger(' 12 ', 7)).toBe(12);
        expect(parseNonNegativeInteger(-1, 7)).toBe(7);
        expect(parseNonNegativeInteger('1.5', 7)).toBe(7);
        expect(parseNonNegativeInteger('', 7)).toBe(7);
        expect(rateLimitConfigFrom({})).toEqual({
            pushGetPerMinute: 300,
            syncRepliesPerMinute: 10_000,
            syncConcurrent: 2,
            exemptRoles: ['admin', 'bot', 'app'],
        });
        expect(
            rateLimitConfigFrom({
                rate_limit_push_get_per_minute: 0,
                rate_limit_sync_replies_per_minute: '500',
                rate_limit_sync_concurrent: 'x',
                rate_limit_exempt_roles: 'bot, ',
            }),
        ).toEqual({ pushGetPerMinute: 0, syncRepliesPerMinute: 500, syncConcurrent: 2, exemptRoles: ['bot'] });
    });

    it('bounds the settings cache to a few seconds; 0 turns it off', () => {
        expect(parseCacheSeconds(0)).toBe(0);
        expect(parseCacheSeconds('3')).toBe(3);
        expect(parseCacheSeconds(3600)).toBe(MAX_SETTINGS_CACHE_SECONDS);
        for (const bad of [-1, 1.5, 'x', '', null, undefined, NaN]) {
            expect(parseCacheSeconds(bad)).toBe(MAX_SETTINGS_CACHE_SECONDS);
        }
    });

    it('has a label and a description for every setting in every shipped language', () => {
        for (const language of [de, en, es, fr, ja, ptBR, ru]) {
            for (const setting of APP_SETTINGS) {
                expect(language).toHaveProperty([setting.i18nLabel]);
                expect(language).toHaveProperty([setting.i18nDescription!]);
            }
        }
        expect(APP_SETTINGS.map((setting) => setting.id).sort()).toEqual(Object.values(AppSetting).sort());
    });
});

import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';

import type { ViewGrants, ViewPermission } from '../access';
import { DEFAULT_VIEW_GRANTS } from '../access';
import type { RateLimitConfig } from '../rateLimit';
import { DEFAULT_RATE_LIMITS } from '../rateLimit';

/** The app's own settings (Administration › Apps › Push Sync › Settings). Labels live in i18n/. */
export enum AppSetting {
    /**
     * The `view-c-room` roles. The id is 0.1.0's "public channel roles" setting, kept so that the engine carries a value
     * an admin saved over to this version (it copies a stored value by setting id when the app is updated).
     */
    ViewCRoomRoles = 'public_channel_roles',
    ViewPRoomRoles = 'view_p_room_roles',
    ViewDRoomRoles = 'view_d_room_roles',
    ViewJoinedRoomRoles = 'view_joined_room_roles',
    ViewLivechatRoomsRoles = 'view_livechat_rooms_roles',
    SettingsCacheSeconds = 'settings_cache_seconds',
    RemovalRetentionDays = 'removal_retention_days',
    RateLimitPushGetPerMinute = 'rate_limit_push_get_per_minute',
    RateLimitSyncRepliesPerMinute = 'rate_limit_sync_replies_per_minute',
    RateLimitSyncConcurrent = 'rate_limit_sync_concurrent',
    RateLimitExemptRoles = 'rate_limit_exempt_roles',
}

export const DEFAULT_REMOVAL_RETENTION_DAYS = 30;
/** How long server and app settings are reused; also the most an admin may set (a few seconds at most). */
export const MAX_SETTINGS_CACHE_SECONDS = 5;

/** Which app setting mirrors which of core's view permissions. */
export const VIEW_GRANT_SETTINGS: ReadonlyArray<{ permission: ViewPermission; setting: AppSetting }> = [
    { permission: 'view-c-room', setting: AppSetting.ViewCRoomRoles },
    { permission: 'view-p-room', setting: AppSetting.ViewPRoomRoles },
    { permission: 'view-d-room', setting: AppSetting.ViewDRoomRoles },
    { permission: 'view-joined-room', setting: AppSetting.ViewJoinedRoomRoles },
    { permission: 'view-livechat-rooms', setting: AppSetting.ViewLivechatRoomsRoles },
];

const ROLE_LIST_SETTINGS: ISetting[] = VIEW_GRANT_SETTINGS.map(({ permission, setting }) => ({
    id: setting,
    type: SettingType.STRING,
    packageValue: DEFAULT_VIEW_GRANTS[permission].join(','),
    required: false,
    public: false,
    i18nLabel: setting,
    i18nDescription: `${setting}_description`,
}));

/** The per-user limits (docs/push.get.md#rate-limits); 0 turns a limit off. Defaults: lib/rateLimit/config.ts. */
const RATE_LIMIT_SETTINGS: ISetting[] = (
    [
        [AppSetting.RateLimitPushGetPerMinute, SettingType.NUMBER, DEFAULT_RATE_LIMITS.pushGetPerMinute],
        [AppSetting.RateLimitSyncRepliesPerMinute, SettingType.NUMBER, DEFAULT_RATE_LIMITS.syncRepliesPerMinute],
        [AppSetting.RateLimitSyncConcurrent, SettingType.NUMBER, DEFAULT_RATE_LIMITS.syncConcurrent],
        [AppSetting.RateLimitExemptRoles, SettingType.STRING, DEFAULT_RATE_LIMITS.exemptRoles.join(',')],
    ] as const
).map(([id, type, packageValue]) => ({
    id,
    type,
    packageValue,
    required: false,
    public: false,
    i18nLabel: id,
    i18nDescription: `${id}_description`,
}));

export const APP_SETTINGS: ISetting[] = [
    ...ROLE_LIST_SETTINGS,
    {
        id: AppSetting.SettingsCacheSeconds,
        type: SettingType.NUMBER,
        packageValue: MAX_SETTINGS_CACHE_SECONDS,
        required: false,
        public: false,
        i18nLabel: AppSetting.SettingsCacheSeconds,
        i18nDescription: `${AppSetting.SettingsCacheSeconds}_description`,
    },
    {
        id: AppSetting.RemovalRetentionDays,
        type: SettingType.NUMBER,
        packageValue: DEFAULT_REMOVAL_RETENTION_DAYS,
        required: false,
        public: false,
        i18nLabel: AppSetting.RemovalRetentionDays,
        i18nDescription: `${AppSetting.RemovalRetentionDays}_description`,
    },
    ...RATE_LIMIT_SETTINGS,
];

/** "admin, user" → ['admin', 'user']; an empty text is "no role"; anything not a text falls back to `fallback`. */
export function parseRoleList(value: unknown, fallback: readonly string[]): string[] {
    if (typeof value !== 'string') {
        return [...fallback];
    }
    return value
        .split(',')
        .map((role) => role.trim())
        .filter((role) => role !== '');
}

/** A whole number, given as a number or as its text (the admin UI may store either); undefined for anything else. */
function wholeNumber(value: unknown): number | undefined {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/** A positive whole number setting; anything else (empty, negative, text) gives the default. */
export function parsePositiveInteger(value: unknown, fallback: number): number {
    const number = wholeNumber(value);
    return number !== undefined && number > 0 ? number : fallback;
}

/** The view grants from the role-list settings' values, keyed by setting id. */
export function viewGrantsFrom(values: { readonly [settingId: string]: unknown }): ViewGrants {
    const grants = {} as { [permission in ViewPermission]: string[] };
    for (const { permission, setting } of VIEW_GRANT_SETTINGS) {
        grants[permission] = parseRoleList(values[setting], DEFAULT_VIEW_GRANTS[permission]);
    }
    return grants;
}

/** A whole number from 0 up (0 = off for the limits); anything else (empty, negative, text) gives the default. */
export function parseNonNegativeInteger(value: unknown, fallback: number): number {
    const number = wholeNumber(value);
    return number !== undefined && number >= 0 ? number : fallback;
}

/** Seconds to reuse settings: a whole number from 0 (read every time) to the maximum; larger values give the maximum. */
export function parseCacheSeconds(value: unknown): number {
    return Math.min(parseNonNegativeInteger(value, MAX_SETTINGS_CACHE_SECONDS), MAX_SETTINGS_CACHE_SECONDS);
}

/** The rate limits from their settings' values, keyed by setting id (0 = off; invalid values give the default). */
export function rateLimitConfigFrom(values: { readonly [settingId: string]: unknown }): RateLimitConfig {
    return {
        pushGetPerMinute: parseNonNegativeInteger(
            values[AppSetting.RateLimitPushGetPerMinute],
            DEFAULT_RATE_LIMITS.pushGetPerMinute,
        ),
        syncRepliesPerMinute: parseNonNegativeInteger(
            values[AppSetting.RateLimitSyncRepliesPerMinute],
            DEFAULT_RATE_LIMITS.syncRepliesPerMinute,
        ),
        syncConcurrent: parseNonNegativeInteger(values[AppSetting.RateLimitSyncConcurrent], DEFAULT_RATE_LIMITS.syncConcurrent),
        exemptRoles: parseRoleList(values[AppSetting.RateLimitExemptRoles], DEFAULT_RATE_LIMITS.exemptRoles),
    };
}

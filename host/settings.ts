/**
 * Settings, as the entry points read them. The app's own settings serve every entry point and come from the engine's
 * memory (no bridge call); push.get's 8 server settings are read by push.get alone, so a sync, a reply event or the
 * purge never pays for them. Both are reused for at most `settings_cache_seconds` (docs/push.get.md#app-settings).
 */
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

import type { ViewGrants } from '../lib/access';
import {
    APP_SETTINGS,
    AppSetting,
    DEFAULT_REMOVAL_RETENTION_DAYS,
    parseCacheSeconds,
    parsePositiveInteger,
    rateLimitConfigFrom,
    viewGrantsFrom,
} from '../lib/app/settings';
import { ShortLivedValue } from '../lib/app/settingsCache';
import type { PushServerSettingId } from '../lib/push/settings';
import { PUSH_SERVER_SETTING_IDS } from '../lib/push/settings';
import type { RateLimitConfig } from '../lib/rateLimit';
import type { DeletionSettings } from '../lib/tracking';

export interface AppSettingsValues {
    viewGrants: ViewGrants;
    cacheSeconds: number;
    removalRetentionDays: number;
    rateLimits: RateLimitConfig;
}

/** The server settings push.get reads; undefined where the app may not read one. */
export type PushServerSettings = Record<PushServerSettingId, unknown>;

/** A server setting's value, or undefined when the app may not read it (the reader then throws). */
async function readServerSetting(read: IRead, id: string): Promise<unknown> {
    try {
        return await read.getEnvironmentReader().getServerSettings().getValueById(id);
    } catch {
        return undefined;
    }
}

/** Several settings in parallel: each read is one bridge round trip. */
async function readServerSettings<K extends string>(read: IRead, ids: readonly K[]): Promise<Record<K, unknown>> {
    const values = await Promise.all(ids.map((id) => readServerSetting(read, id)));
    return Object.fromEntries(ids.map((id, index) => [id, values[index]])) as Record<K, unknown>;
}

async function loadAppSettings(read: IRead): Promise<AppSettingsValues> {
    // One pipe round trip each, answered by the engine from the app's stored settings (no bridge, no database query).
    const reader = read.getEnvironmentReader().getSettings();
    // A setting the engine does not hold (yet) reads as undefined, which gives its default.
    const values = await Promise.all(
        APP_SETTINGS.map((setting) => (reader.getValueById(setting.id) as Promise<unknown>).catch(() => undefined)),
    );
    const byId = Object.fromEntries(APP_SETTINGS.map((setting, index) => [setting.id, values[index]]));
    return {
        viewGrants: viewGrantsFrom(byId),
        cacheSeconds: parseCacheSeconds(byId[AppSetting.SettingsCacheSeconds]),
        removalRetentionDays: parsePositiveInteger(byId[AppSetting.RemovalRetentionDays], DEFAULT_REMOVAL_RETENTION_DAYS),
        rateLimits: rateLimitConfigFrom(byId),
    };
}

/** Per app process (one per Rocket.Chat instance); `forgetCachedSettings` empties both when an app setting changes. */
const appSettingsCache = new ShortLivedValue<AppSettingsValues>();
const pushServerSettingsCache = new ShortLivedValue<PushServerSettings>();

/**
 * The app's settings. An app-setting change shows at once on the instance that received it (`onSettingUpdated`) and,
 * on the other instances of a cluster only when core's instance broadcast relays it (README.md#settings-cache).
 */
export function readAppSettings(read: IRead): Promise<AppSettingsValues> {
    return appSettingsCache.get(async () => {
        const app = await loadAppSettings(read);
        return { value: app, lifetimeMs: app.cacheSeconds * 1000 };
    });
}

/** push.get's server settings: each is a bridge call, so a change shows after the cache time on every instance. */
export function readPushServerSettings(read: IRead): Promise<PushServerSettings> {
    return pushServerSettingsCache.get(async () => {
        const [app, server] = await Promise.all([readAppSettings(read), readServerSettings(read, PUSH_SERVER_SETTING_IDS)]);
        // A read that failed (a 500 for push.get) is not kept: the next request tries again.
        const complete = typeof server.Site_Url === 'string' && typeof server.uniqueID === 'string';
        return { value: server, lifetimeMs: complete ? app.cacheSeconds * 1000 : 0 };
    });
}

/**
 * `Threads_enabled`, read afresh on every sync rather than kept with the cached settings: turning threads off takes
 * effect at once, as it always did. It costs one bridge call in the sync's first parallel round. Unreadable counts as
 * enabled (docs/chat.syncThreadMessages.md#order-of-checks).
 */
export async function readThreadsEnabled(read: IRead): Promise<boolean> {
    return (await readServerSetting(read, 'Threads_enabled')) !== false;
}

/** The two settings that decide whether core trashed a deleted message; undefined when either is unreadable. */
export async function readDeletionSettings(read: IRead): Promise<DeletionSettings | undefined> {
    const values = await readServerSettings(read, ['Message_KeepHistory', 'Message_ShowDeletedStatus'] as const);
    const { Message_KeepHistory: keepHistory, Message_ShowDeletedStatus: showDeletedStatus } = values;
    return typeof keepHistory === 'boolean' && typeof showDeletedStatus === 'boolean'
        ? { keepHistory, showDeletedStatus }
        : undefined;
}

export function forgetCachedSettings(): void {
    appSettingsCache.forget();
    pushServerSettingsCache.forget();
}

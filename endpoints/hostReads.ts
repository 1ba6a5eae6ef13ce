/**
 * Thin adapters over the Apps Engine accessors: they fetch and hand plain facts to the pure modules in lib/.
 * Every value crossed the host pipe, so "absent" may arrive as `null` (docs/architecture.md, "Host facts").
 */
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { AccessRoomFacts, AccessUserFacts, ViewGrants } from '../lib/access';
import {
    APP_SETTINGS,
    AppSetting,
    DEFAULT_REMOVAL_RETENTION_DAYS,
    parseCacheSeconds,
    parsePositiveInteger,
    viewGrantsFrom,
} from '../lib/app/settings';
import { ShortLivedValue } from '../lib/app/settingsCache';
import type { PushServerSettingId } from '../lib/push/settings';
import { PUSH_SERVER_SETTING_IDS } from '../lib/push/settings';

type Bag = { [key: string]: unknown };

/** Rooms and messages carry the host's untyped leftovers here (docs/architecture.md, "Host facts"). */
export function unmapped(object: unknown): Bag {
    const bag = (object as { _unmappedProperties_?: unknown } | null | undefined)?._unmappedProperties_;
    return bag && typeof bag === 'object' ? (bag as Bag) : {};
}

/** A server setting's value, or undefined when the app may not read it (the reader then throws). */
export async function readServerSetting(read: IRead, id: string): Promise<unknown> {
    try {
        return await read.getEnvironmentReader().getServerSettings().getValueById(id);
    } catch {
        return undefined;
    }
}

/** Several settings in parallel: each read is one bridge round trip. */
export async function readServerSettings<K extends string>(read: IRead, ids: readonly K[]): Promise<Record<K, unknown>> {
    const values = await Promise.all(ids.map((id) => readServerSetting(read, id)));
    return Object.fromEntries(ids.map((id, index) => [id, values[index]])) as Record<K, unknown>;
}

export interface AppSettingsValues {
    viewGrants: ViewGrants;
    cacheSeconds: number;
    removalRetentionDays: number;
}

export interface SettingsSnapshot {
    app: AppSettingsValues;
    /** The server settings push.get reads; undefined where the app may not read one. */
    server: Record<PushServerSettingId, unknown>;
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
    };
}

/** Per app process (one per Rocket.Chat instance); `forgetCachedSettings` empties it when an app setting changes. */
const settingsCache = new ShortLivedValue<SettingsSnapshot>();

/**
 * Server and app settings, reused for at most `settings_cache_seconds` (a few seconds): each server setting read is a
 * bridge call. A server-setting change shows after that time on every instance; an app-setting change at once on the
 * instance that received it (`onSettingUpdated`) and, on the others, when core relays it or the time runs out.
 */
export function readSettings(read: IRead): Promise<SettingsSnapshot> {
    return settingsCache.get(async () => {
        const [app, server] = await Promise.all([loadAppSettings(read), readServerSettings(read, PUSH_SERVER_SETTING_IDS)]);
        // A read that failed (a 500 for push.get) is not kept: the next request tries again.
        const complete = typeof server.Site_Url === 'string' && typeof server.uniqueID === 'string';
        return { value: { app, server }, lifetimeMs: complete ? app.cacheSeconds * 1000 : 0 };
    });
}

export async function readAppSettings(read: IRead): Promise<AppSettingsValues> {
    return (await readSettings(read)).app;
}

export function forgetCachedSettings(): void {
    settingsCache.forget();
}

const MAX_PARENT_DEPTH = 10;

/** The access facts of a converted room, parents included (the host converts `parentRoom` recursively). */
export function roomAccessFacts(room: IRoom, depth = 0): AccessRoomFacts {
    // The host converts `servedBy` by reading the agent's user record: nothing (or no username) when it was deleted.
    const servedBy = (room as { servedBy?: { id?: string; username?: string } | null }).servedBy;
    const parent = room.parentRoom && depth < MAX_PARENT_DEPTH ? roomAccessFacts(room.parentRoom, depth + 1) : undefined;
    return {
        id: room.id,
        t: room.type,
        teamId: room.teamId ?? undefined,
        isTeamMain: room.isTeamMain ?? undefined,
        prid: parent?.id,
        parent,
        servedById: servedBy?.id && servedBy.username ? servedBy.id : undefined,
    };
}

export function userAccessFacts(user: IUser): AccessUserFacts {
    return { id: user.id, roles: user.roles ?? [] };
}

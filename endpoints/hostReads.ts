/**
 * Thin adapters over the Apps Engine accessors: they fetch and hand plain facts to the pure modules in lib/.
 * Every value crossed the host pipe, so "absent" may arrive as `null` (host.md §1).
 */
import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { AccessRoomFacts, AccessUserFacts } from '../lib/access';
import { AppSetting, DEFAULT_REMOVAL_RETENTION_DAYS, parsePositiveInteger, parseRoleList } from '../lib/app/settings';

type Bag = { [key: string]: unknown };

/** Rooms and messages carry the host's untyped leftovers here (host.md §2.1). */
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
    publicChannelRoles: string[];
    removalRetentionDays: number;
}

/** App settings: answered by the engine from the app's stored settings (a pipe round trip, no database query). */
export async function readAppSettings(read: IRead): Promise<AppSettingsValues> {
    const settings = read.getEnvironmentReader().getSettings();
    const [roles, retention] = await Promise.all([
        settings.getValueById(AppSetting.PublicChannelRoles),
        settings.getValueById(AppSetting.RemovalRetentionDays),
    ]);
    return {
        publicChannelRoles: parseRoleList(roles),
        removalRetentionDays: parsePositiveInteger(retention, DEFAULT_REMOVAL_RETENTION_DAYS),
    };
}

const MAX_PARENT_DEPTH = 10;

/** The access facts of a converted room, parents included (the host converts `parentRoom` recursively). */
export function roomAccessFacts(room: IRoom, depth = 0): AccessRoomFacts {
    const servedBy = (room as { servedBy?: { id?: string } | null }).servedBy;
    const parent = room.parentRoom && depth < MAX_PARENT_DEPTH ? roomAccessFacts(room.parentRoom, depth + 1) : undefined;
    return {
        id: room.id,
        t: room.type,
        teamId: room.teamId ?? undefined,
        isTeamMain: room.isTeamMain ?? undefined,
        prid: parent?.id,
        parent,
        servedById: servedBy?.id ?? undefined,
        userIds: room.userIds ?? undefined,
    };
}

export function userAccessFacts(user: IUser): AccessUserFacts {
    return { id: user.id, username: user.username ?? undefined, roles: user.roles ?? [] };
}

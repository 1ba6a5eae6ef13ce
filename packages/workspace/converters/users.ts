import type { Database } from '../store/Database';
import type { RawUser, UserRef } from '../store/types';

/**
 * Core's users converter: an explicit literal, no `_unmappedProperties_` bag (packages/workspace/README.md). `settings.preferences` is
 * always there (empty without a language); apps see the language only as settings.preferences.language.
 */
export function convertUserToApp(stored: RawUser | UserRef): { [key: string]: unknown } {
    const user = stored as Partial<RawUser> & { _id: string };
    const language = user.settings?.preferences?.language;
    return {
        id: user._id,
        username: user.username,
        emails: user.emails,
        type: user.type,
        isEnabled: user.active,
        name: user.name,
        roles: user.roles,
        bio: user.bio,
        status: user.status ?? 'offline',
        statusText: user.statusText,
        statusConnection: user.statusConnection ?? 'offline',
        utcOffset: user.utcOffset ?? 0,
        createdAt: user.createdAt,
        updatedAt: user._updatedAt,
        lastLoginAt: user.lastLogin,
        appId: user.appId,
        customFields: user.customFields,
        isFederated: user.federated,
        federation: user.federation,
        sipExtension: user.freeSwitchExtension,
        settings: { preferences: language ? { language } : {} },
    };
}

/** The user a stored reference (`u`, `editedBy`, `servedBy`) points at, converted; undefined when there is none. */
export function convertUserById(db: Database, id: string | undefined): { [key: string]: unknown } | undefined {
    const user = id === undefined ? undefined : db.users.findOneById(id);
    return user ? convertUserToApp(user) : undefined;
}

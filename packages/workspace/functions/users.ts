import { createHash } from 'node:crypto';

import bcrypt from 'bcryptjs';

import type { Database } from '../store/Database';
import { randomId, randomToken } from '../store/ids';
import type { RawUser } from '../store/types';
import { RestError } from './errors';

export const VALID_ROLES = [
    'admin',
    'user',
    'bot',
    'app',
    'guest',
    'anonymous',
    'livechat-agent',
    'livechat-manager',
    'livechat-monitor',
];

/** Core hashes the SHA-256 of the password with bcrypt (Accounts password service). */
function hashPassword(password: string): string {
    const digest = createHash('sha256').update(password).digest('hex');
    return bcrypt.hashSync(digest, 4);
}

export function checkPassword(user: RawUser, password: string): boolean {
    const stored = user.services?.password?.bcrypt;
    return !!stored && bcrypt.compareSync(createHash('sha256').update(password).digest('hex'), stored);
}

/** Accounts._hashLoginToken: base64 SHA-256 of the token; only the hash is stored. */
export function hashLoginToken(token: string): string {
    return createHash('sha256').update(token).digest('base64');
}

export interface CreateUserInput {
    username: string;
    name?: string;
    password: string;
    email?: string;
    roles?: string[];
    language?: string;
    type?: RawUser['type'];
    _id?: string;
}

export function createUser(db: Database, input: CreateUserInput): RawUser {
    if (!/^[\w.-]+$/.test(input.username)) {
        throw RestError.meteor('error-input-is-not-a-valid-field', `${input.username} is not a valid username`);
    }
    if (db.users.findOne((user) => user.username.toLowerCase() === input.username.toLowerCase())) {
        throw RestError.meteor('error-field-unavailable', `${input.username} is already in use :(`);
    }
    const roles = input.roles ?? ['user'];
    const unknownRole = roles.find((role) => !VALID_ROLES.includes(role));
    if (unknownRole) {
        throw RestError.meteor('error-invalid-role', `Invalid role: ${unknownRole}`);
    }
    const now = new Date();
    const user: RawUser = {
        _id: input._id ?? randomId(),
        createdAt: now,
        username: input.username,
        type: input.type ?? 'user',
        active: true,
        roles,
        services: { password: { bcrypt: hashPassword(input.password) }, resume: { loginTokens: [] } },
        _updatedAt: now,
    };
    if (input.name !== undefined) user.name = input.name;
    if (input.email) user.emails = [{ address: input.email, verified: false }];
    if (input.language) {
        // Core's preference save writes both places (docs/architecture.md#host-facts-a-maintainer-needs); apps see only settings.preferences.language.
        user.language = input.language;
        user.settings = { preferences: { language: input.language } };
    }
    return db.users.insert(user);
}

export function updateUser(
    db: Database,
    userId: string,
    data: { name?: string; roles?: string[]; language?: string; active?: boolean },
): RawUser {
    const user = db.users.findOneById(userId);
    if (!user) {
        throw RestError.meteor('error-invalid-user', 'Invalid user');
    }
    const unknownRole = data.roles?.find((role) => !VALID_ROLES.includes(role));
    if (unknownRole) {
        throw RestError.meteor('error-invalid-role', `Invalid role: ${unknownRole}`);
    }
    const updated: RawUser = { ...user, _updatedAt: new Date() };
    if (data.name !== undefined) updated.name = data.name;
    if (data.roles !== undefined) updated.roles = data.roles;
    if (data.active !== undefined) updated.active = data.active;
    if (data.language !== undefined) {
        updated.language = data.language;
        updated.settings = { ...updated.settings, preferences: { ...updated.settings?.preferences, language: data.language } };
    }
    db.users.replace(updated);
    return updated;
}

/**
 * The preference keys core's users.setPreferences accepts (rest-typings' UsersSetPreferencesParamsPOST); any other key is
 * refused as its schema refuses it. Only `language` means anything to the workspace; the others are stored as given.
 */
export const PREFERENCE_KEYS = [
    'newRoomNotification',
    'newMessageNotification',
    'clockMode',
    'useEmojis',
    'convertAsciiEmoji',
    'alsoSendThreadToChannel',
    'saveMobileBandwidth',
    'collapseMediaByDefault',
    'autoImageLoad',
    'emailNotificationMode',
    'unreadAlert',
    'notificationsSoundVolume',
    'desktopNotifications',
    'pushNotifications',
    'enableAutoAway',
    'highlights',
    'showThreadsInMainChannel',
    'desktopNotificationRequireInteraction',
    'hideUsernames',
    'hideRoles',
    'displayAvatars',
    'hideFlexTab',
    'sendOnEnter',
    'language',
    'sidebarShowFavorites',
    'sidebarShowUnread',
    'sidebarSortby',
    'sidebarViewMode',
    'sidebarDisplayAvatar',
    'sidebarGroupByType',
    'muteFocusedConversations',
    'dontAskAgainList',
    'featuresPreview',
    'themeAppearence',
    'fontSize',
    'receiveLoginDetectionEmail',
    'notifyCalendarEvents',
    'idleTimeLimitH',
    'idleTimeLimitM',
    'idleTimeLimitS',
    'omnichannelTranscriptEmail',
    'omnichannelTranscriptPDF',
    'omnichannelHideConversationAfterClosing',
    'enableMobileRinging',
    'mentionsWithSymbol',
];

/**
 * Core's saveUserPreferences: every given key goes to `settings.preferences` (merged), and `language` also to the
 * top-level `language` (Users.setLanguage), which core's push reads.
 */
export function saveUserPreferences(db: Database, userId: string, preferences: { [key: string]: unknown }): RawUser {
    const user = db.users.findOneById(userId)!;
    const updated: RawUser = {
        ...user,
        settings: { ...user.settings, preferences: { ...user.settings?.preferences, ...preferences } },
        _updatedAt: new Date(),
    };
    if (typeof preferences.language === 'string') {
        updated.language = preferences.language;
    }
    db.users.replace(updated);
    return updated;
}

/** Issues a login token like Accounts: the caller gets the token, the database keeps its hash. */
export function issueLoginToken(db: Database, user: RawUser): string {
    const token = randomToken();
    const tokens = user.services?.resume?.loginTokens ?? [];
    db.users.replace({
        ...user,
        services: {
            ...user.services,
            resume: { loginTokens: [...tokens, { hashedToken: hashLoginToken(token), when: new Date() }] },
        },
    });
    return token;
}

export function findUserByToken(db: Database, userId: string, token: string): RawUser | undefined {
    const user = db.users.findOneById(userId);
    const hashed = hashLoginToken(token);
    if (!user || !user.active || !user.services?.resume?.loginTokens.some((entry) => entry.hashedToken === hashed)) {
        return undefined;
    }
    return user;
}

export function findUserByUsername(db: Database, username: string): RawUser | undefined {
    return db.users.findOne((user) => user.username === username);
}

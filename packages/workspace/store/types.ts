/**
 * Raw documents as Rocket.Chat stores them in MongoDB (only the fields the workspace uses are typed;
 * anything else a fixture brings is kept as is and reaches apps through `_unmappedProperties_`).
 */
export type Doc = { [key: string]: unknown };

export interface UserRef {
    _id: string;
    username: string;
    name?: string;
}

export interface LoginToken {
    hashedToken: string;
    when: Date;
    type?: 'personalAccessToken';
    name?: string;
}

export interface RawUser extends Doc {
    _id: string;
    username: string;
    name?: string;
    type: 'user' | 'bot' | 'app';
    active: boolean;
    roles: string[];
    emails?: Array<{ address: string; verified: boolean }>;
    language?: string;
    settings?: { preferences?: { language?: string } };
    services?: { password?: { bcrypt: string }; resume?: { loginTokens: LoginToken[] } };
    createdAt: Date;
    _updatedAt: Date;
    appId?: string;
}

export type RoomType = 'c' | 'p' | 'd' | 'l' | 'v';

export interface RawRoom extends Doc {
    _id: string;
    t: RoomType;
    name?: string;
    fname?: string;
    u?: UserRef;
    uids?: string[];
    usernames?: string[];
    ro?: boolean;
    muted?: string[];
    prid?: string;
    teamId?: string;
    teamMain?: boolean;
    servedBy?: { _id: string; username: string };
    v?: { _id: string; username: string; token: string };
    open?: boolean;
    msgs: number;
    usersCount: number;
    ts: Date;
    _updatedAt: Date;
}

export interface RawSubscription extends Doc {
    _id: string;
    rid: string;
    u: UserRef;
    t: RoomType;
    name?: string;
    fname?: string;
    open: boolean;
    alert: boolean;
    unread: number;
    userMentions: number;
    groupMentions: number;
    archived?: boolean;
    ls?: Date;
    roles?: string[];
    ts: Date;
    _updatedAt: Date;
}

export interface RawMessage extends Doc {
    _id: string;
    rid: string;
    msg: string;
    ts: Date;
    u: UserRef;
    _updatedAt: Date;
    tmid?: string;
    t?: string;
    md?: unknown;
    mentions?: Array<UserRef & { type?: 'user' | 'team' }>;
    channels?: Array<{ _id: string; name: string }>;
    attachments?: Doc[];
    editedAt?: Date;
    editedBy?: { _id: string; username: string };
    tcount?: number;
    tlm?: Date;
    replies?: string[];
    tshow?: boolean;
    _hidden?: boolean;
    parent?: string;
    pinned?: boolean;
    token?: string;
}

export interface TrashedDoc extends Doc {
    _id: string;
    _deletedAt: Date;
    __collection__: string;
}

export interface RawSetting extends Doc {
    _id: string;
    value: unknown;
    packageValue: unknown;
    type: 'boolean' | 'string' | 'int' | 'select' | 'asset' | 'code' | 'language';
    public: boolean;
    hidden?: boolean;
    /** Never handed to apps, whatever they ask for (core's settings bridge filters `secret: false`). */
    secret?: boolean;
    i18nLabel?: string;
    i18nDescription?: string;
    group?: string;
    values?: Array<{ key: string; i18nLabel: string }>;
    /** When the setting was registered. */
    ts?: Date;
    _updatedAt: Date;
}

export type { PersistenceRecord } from './appPersistence';

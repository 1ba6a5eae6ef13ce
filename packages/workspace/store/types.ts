import type { IEditedMessage, IMessage, IRoom, ISettingBase, ISubscription, IUser } from '@rocket.chat/core-typings';

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

/*
 * The stored documents are typed with core's own `@rocket.chat/core-typings` (8.3.8; 8.6 and later cannot be installed
 * with npm) where a field's type fits, so the stand-in's data model is checked against core's. Each type picks the
 * fields the workspace uses (a fixture may bring any other, kept as is through `Doc`) and says why the rest are its own.
 */

/**
 * Core's `IUser` fields. Own: `_id` and `username` are required here (core's `username` is optional until a user picks
 * one; the workspace always creates users with one); `type` is narrowed to the kinds it creates; `services` holds only
 * the password and resume tokens it reads (core's is a wide union of login services).
 */
export type RawUser = Doc &
    Pick<IUser, '_id' | 'active' | 'roles' | 'emails' | 'language' | 'createdAt' | '_updatedAt'> &
    Partial<Pick<IUser, 'name'>> & {
        username: string;
        type: 'user' | 'bot' | 'app';
        settings?: { preferences?: { language?: string; [key: string]: unknown } };
        services?: { password?: { bcrypt: string }; resume?: { loginTokens: LoginToken[] } };
        appId?: string;
    };

export type RoomType = IRoom['t'];

/**
 * Core's `IRoom` fields. Own: `servedBy`, `v` and `open` are omnichannel fields (core's `IOmnichannelRoom`), kept on
 * the one room type the workspace stores; `ts` is always set here.
 */
export type RawRoom = Doc &
    Pick<IRoom, '_id' | 't' | 'msgs' | 'usersCount' | '_updatedAt'> &
    Partial<Pick<IRoom, 'name' | 'fname' | 'u' | 'uids' | 'usernames' | 'ro' | 'muted' | 'prid' | 'teamId' | 'teamMain'>> & {
        ts: Date;
        servedBy?: { _id: string; username: string };
        v?: { _id: string; username: string; token: string };
        open?: boolean;
    };

/** Core's `ISubscription` fields. Own: `u.name` may be absent (core requires the key, the workspace leaves it out). */
export type RawSubscription = Doc &
    Pick<
        ISubscription,
        '_id' | 'rid' | 't' | 'open' | 'alert' | 'unread' | 'userMentions' | 'groupMentions' | 'ts' | '_updatedAt'
    > &
    Partial<Pick<ISubscription, 'name' | 'fname' | 'archived' | 'ls' | 'roles'>> & { u: UserRef };

/**
 * Core's `IMessage` fields. Own: `t` is any string (fixtures and system messages may carry types outside core's
 * union); `md` comes from the message-parser version the workspace runs, not the one core-typings is built against;
 * `mentions` and `attachments` keep fixture data as given; `parent` and `token` are livechat/legacy fields core's
 * `IMessage` does not declare.
 */
export type RawMessage = Doc &
    Pick<IMessage, '_id' | 'rid' | 'msg' | 'ts' | 'u' | '_updatedAt'> &
    Partial<
        Pick<IMessage, 'tmid' | 'channels' | 'tcount' | 'tlm' | 'replies' | 'tshow' | '_hidden' | 'pinned'> &
            Pick<IEditedMessage, 'editedAt' | 'editedBy'>
    > & {
        t?: string;
        md?: unknown;
        mentions?: Array<UserRef & { type?: 'user' | 'team' }>;
        attachments?: Doc[];
        parent?: string;
        token?: string;
    };

export interface TrashedDoc extends Doc {
    _id: string;
    _deletedAt: Date;
    __collection__: string;
}

/**
 * Core's `ISetting` fields. Own: `value`/`packageValue` stay `unknown` (core's `SettingValue` union would need a cast
 * at every read), `type` lists only the kinds the workspace registers, and `ts` is optional.
 */
export type RawSetting = Doc &
    Pick<ISettingBase, '_id' | 'public' | 'hidden' | 'secret' | 'i18nDescription' | 'values' | '_updatedAt'> &
    Partial<Pick<ISettingBase, 'i18nLabel'>> & {
        value: unknown;
        packageValue: unknown;
        type: 'boolean' | 'string' | 'int' | 'select' | 'asset' | 'code' | 'language';
        group?: string;
        /** When the setting was registered. */
        ts?: Date;
    };

export type { PersistenceRecord } from './appPersistence';

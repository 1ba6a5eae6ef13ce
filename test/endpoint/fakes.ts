/**
 * Typed fakes of the Apps Engine accessors for calling an endpoint class in-process (the endpoint tier). Each fake
 * answers only the accessor chains the app's endpoints use, from a plain `FakeHost` description; any other member
 * throws "<name>.<member> is not faked", so a new host read shows up as a loud failure here instead of a silent
 * `undefined`. Every accessor call is logged in `host.calls`, in call order. The integration tier (the real engine
 * and the workspace) stays the source of truth for what the host answers; these fakes answer what the host
 * documents (packages/workspace/README.md).
 */
import { InMemoryPersistence } from '@push-sync/workspace';
import type { Association } from '@push-sync/workspace';
import type {
    IHttp,
    ILogger,
    IModify,
    IPersistence,
    IPersistenceRead,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { RequestMethod } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { IApp } from '@rocket.chat/apps-engine/definition/IApp';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UserStatusConnection, UserType } from '@rocket.chat/apps-engine/definition/users';

/** Only the members listed are usable; touching any other one throws, naming it. */
export function strictFake<T extends object>(name: string, members: Partial<T>): T {
    return new Proxy(members, {
        get(target, property) {
            if (typeof property === 'symbol' || property === 'then' || property in target) {
                return Reflect.get(target, property) as unknown;
            }
            throw new Error(`${name}.${property} is not faked`);
        },
    }) as T;
}

export interface FakeRecord {
    associations: Association[];
    data: object;
}

export interface FakeHost {
    users: IUser[];
    /** What the message reader finds by id. */
    messages: IMessage[];
    /** getThreadById answers by root id; an unknown id gives `[]`, and `null` is a refused read. */
    threads: { [rootId: string]: IMessage[] | null };
    /** getUserRoomIds. */
    roomIdsByUser: { [userId: string]: string[] };
    /** getUserUnreadMessageCount (the badge). */
    unreadByUser: { [userId: string]: number };
    /** Readable server settings; reading any other id throws, as the host does for hidden or unknown ones. */
    serverSettings: { [id: string]: unknown };
    /** The app's own settings; unknown ids read as undefined. */
    appSettings: { [id: string]: unknown };
    /** App persistence with core's semantics: the workspace's in-memory persistence. */
    persistence: InMemoryPersistence;
    /** The app's persistence records, in natural order (seeded through `fakeHost({ records })`). */
    readonly records: FakeRecord[];
    /** Accessor calls, e.g. `getUserReader().getById(u1)`. */
    calls: string[];
    /** What the endpoint logged as errors. */
    errors: unknown[][];
    /** What the endpoint logged as warnings (a rate-limited user, once per window). */
    warnings: unknown[][];
}

/**
 * The rate limits off: the answers of the other endpoint-tier files carry only the JSON header. The limiter's own
 * file (rateLimit.test.ts) sets them.
 */
export const RATE_LIMITS_OFF = {
    rate_limit_push_get_per_minute: 0,
    rate_limit_sync_replies_per_minute: 0,
    rate_limit_sync_concurrent: 0,
};

/** The app id the fake persistence files records under. */
const APP_ID = 'push-sync';

export function fakeHost(
    parts: Partial<Omit<FakeHost, 'calls' | 'errors' | 'warnings' | 'persistence' | 'records'>> & { records?: FakeRecord[] } = {},
): FakeHost {
    const { records = [], ...rest } = parts;
    const persistence = new InMemoryPersistence();
    for (const record of records) {
        persistence.create(APP_ID, record.data, record.associations);
    }
    return {
        users: [],
        messages: [],
        threads: {},
        roomIdsByUser: {},
        unreadByUser: {},
        serverSettings: {},
        ...rest,
        appSettings: { ...RATE_LIMITS_OFF, ...rest.appSettings },
        persistence,
        get records() {
            return persistence.list(APP_ID).map(({ associations, data }) => ({ associations, data }));
        },
        calls: [],
        errors: [],
        warnings: [],
    };
}

const plain = (associations: readonly RocketChatAssociationRecord[]): Association[] =>
    associations.map((association) => ({ model: association.getModel(), id: association.getID() }));

/** JSON round trip: data crosses the host pipe as copies. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function persistenceReader(host: FakeHost, log: (call: string) => void): IPersistenceRead {
    return strictFake<IPersistenceRead>('IPersistenceRead', {
        async readByAssociation(association) {
            log(`readByAssociation(${association.getID()})`);
            return host.persistence.readByAssociations(APP_ID, plain([association]));
        },
        async readByAssociations(associations) {
            log(`readByAssociations(${associations.map((a) => a.getID()).join(',')})`);
            return host.persistence.readByAssociations(APP_ID, plain(associations));
        },
    });
}

export function fakeRead(host: FakeHost): IRead {
    const log = (call: string) => host.calls.push(call);
    return strictFake<IRead>('IRead', {
        getUserReader: () =>
            strictFake<ReturnType<IRead['getUserReader']>>('IUserRead', {
                async getById(id) {
                    log(`getUserReader().getById(${id})`);
                    return host.users.find((user) => user.id === id) as IUser;
                },
                async getUserUnreadMessageCount(uid) {
                    log(`getUserReader().getUserUnreadMessageCount(${uid})`);
                    return host.unreadByUser[uid] ?? 0;
                },
                async getUserRoomIds(userId) {
                    log(`getUserReader().getUserRoomIds(${userId})`);
                    return host.roomIdsByUser[userId] ?? [];
                },
            }),
        getMessageReader: () =>
            strictFake<ReturnType<IRead['getMessageReader']>>('IMessageRead', {
                async getById(id) {
                    log(`getMessageReader().getById(${id})`);
                    return host.messages.find((message) => message.id === id) as IMessage;
                },
            }),
        getThreadReader: () =>
            strictFake<ReturnType<IRead['getThreadReader']>>('IThreadRead', {
                async getThreadById(id) {
                    log(`getThreadReader().getThreadById(${id})`);
                    const thread = host.threads[id];
                    return (thread === undefined ? [] : thread) as IMessage[];
                },
            }),
        getEnvironmentReader: () =>
            strictFake<ReturnType<IRead['getEnvironmentReader']>>('IEnvironmentRead', {
                getServerSettings: () =>
                    strictFake<ReturnType<ReturnType<IRead['getEnvironmentReader']>['getServerSettings']>>('IServerSettingRead', {
                        async getValueById(id) {
                            log(`getServerSettings().getValueById(${id})`);
                            if (!Object.prototype.hasOwnProperty.call(host.serverSettings, id)) {
                                throw new Error(`The setting "${id}" is not readable.`);
                            }
                            return host.serverSettings[id];
                        },
                    }),
                getSettings: () =>
                    strictFake<ReturnType<ReturnType<IRead['getEnvironmentReader']>['getSettings']>>('ISettingRead', {
                        async getValueById(id) {
                            log(`getSettings().getValueById(${id})`);
                            return host.appSettings[id];
                        },
                    }),
            }),
        getPersistenceReader: () => persistenceReader(host, log),
    });
}

export function fakePersistence(host: FakeHost): IPersistence {
    const log = (call: string) => host.calls.push(call);
    return strictFake<IPersistence>('IPersistence', {
        async createWithAssociations(data, associations) {
            log(`createWithAssociations(${associations.map((a) => a.getID()).join(',')})`);
            return host.persistence.create(APP_ID, copy(data), plain(associations));
        },
        async updateByAssociations(associations, data, upsert) {
            log(`updateByAssociations(${associations.map((a) => a.getID()).join(',')})`);
            return host.persistence.updateByAssociations(APP_ID, plain(associations), copy(data), upsert ?? false);
        },
        async removeByAssociations(associations) {
            log(`removeByAssociations(${associations.map((a) => a.getID()).join(',')})`);
            // core answers a removal that matched nothing with no value.
            return host.persistence.removeByAssociations(APP_ID, plain(associations)) as object[];
        },
    });
}

/** A GET request as the host hands it to an endpoint; `user` absent = no valid credentials. */
export function fakeRequest(query: { [key: string]: string }, user?: IUser): IApiRequest {
    return { method: RequestMethod.GET, headers: {}, query, params: {}, content: undefined, user };
}

/** The app an endpoint belongs to: only its logger is used, and errors are kept in `host.errors`. */
export function fakeApp(host: FakeHost): IApp {
    const logger = strictFake<ILogger>('ILogger', {
        error: (...items: unknown[]) => void host.errors.push(items),
        debug: () => undefined,
        info: () => undefined,
        warn: (...items: unknown[]) => void host.warnings.push(items),
    });
    return strictFake<IApp>('IApp', { getLogger: () => logger });
}

const CREATED = new Date('2024-01-01T00:00:00.000Z');

/** A user as the host converts one (the typed fields an endpoint may read). */
export function fakeUser(id: string, extra: Partial<IUser> = {}): IUser {
    return {
        id,
        username: id,
        name: id,
        emails: [],
        type: UserType.USER,
        isEnabled: true,
        roles: ['user'],
        status: 'online',
        statusConnection: UserStatusConnection.ONLINE,
        utcOffset: 0,
        createdAt: CREATED,
        updatedAt: CREATED,
        lastLoginAt: CREATED,
        ...extra,
    };
}

/** A room as the host converts one; `type` is core's letter (`c`, `p`, `d`, …). */
export function fakeRoom(id: string, type: string, creator: IUser, extra: Partial<IRoom> = {}): IRoom {
    return {
        id,
        slugifiedName: id,
        type: type as RoomType,
        creator,
        usernames: [],
        isDefault: false,
        isReadOnly: false,
        displaySystemMessages: true,
        messageCount: 0,
        createdAt: CREATED,
        updatedAt: CREATED,
        ...extra,
    };
}

/** A message as the host converts one; untyped stored fields (`tcount`, `tlm`, …) go in `unmapped`. */
export function fakeMessage(
    id: string,
    room: IRoom,
    sender: IUser,
    extra: Partial<IMessage> & { unmapped?: { [key: string]: unknown } } = {},
): IMessage {
    const { unmapped, ...fields } = extra;
    const message: IMessage & { _unmappedProperties_?: { [key: string]: unknown } } = {
        id,
        room,
        sender,
        text: `text of ${id}`,
        createdAt: CREATED,
        updatedAt: CREATED,
        ...fields,
    };
    if (unmapped) {
        message._unmappedProperties_ = unmapped;
    }
    return message;
}

/** What every endpoint answers without credentials (core's 401 body), and the header of every app answer. */
export const JSON_HEADERS = { 'content-type': 'application/json' };
export const UNAUTHORIZED = {
    success: false,
    error: 'You must be logged in to do this.',
    status: 'error',
    message: 'You must be logged in to do this.',
};

export type Query = { [key: string]: string };

/** An endpoint class's GET handler, as the host calls it. */
type GetHandler = (
    request: IApiRequest,
    endpoint: IApiEndpointInfo,
    read: IRead,
    modify: IModify,
    http: IHttp,
    persis: IPersistence,
) => Promise<IApiResponse>;

/** Builds the endpoint for `host` and calls its GET handler as the host's router would, in-process. */
export async function callGet(
    create: (app: IApp) => { get: GetHandler },
    host: FakeHost,
    query: Query,
    user?: IUser,
): Promise<IApiResponse> {
    return create(fakeApp(host)).get(
        fakeRequest(query, user),
        strictFake<IApiEndpointInfo>('IApiEndpointInfo', {}),
        fakeRead(host),
        strictFake<IModify>('IModify', {}),
        strictFake<IHttp>('IHttp', {}),
        fakePersistence(host),
    );
}

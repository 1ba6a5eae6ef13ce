import { convertThread } from '../converters/messages';
import type { MessageEvents } from '../functions/messages';
import { badgeCount, cleanHistory, deleteMessage, markRead, sendMessage } from '../functions/messages';
import { createRoom, isMember } from '../functions/rooms';
import { createUser } from '../functions/users';
import { Database } from '../store/Database';
import type { RawMessage, RawRoom, RawUser } from '../store/types';

const NO_EVENTS: MessageEvents = { messageSent() {}, messageUpdated() {}, messageDeleted() {} };

interface World {
    db: Database;
    ana: RawUser;
    ben: RawUser;
    room: RawRoom;
}

function world(): World {
    const db = new Database('http://localhost:3000');
    const ana = createUser(db, { username: 'ana', password: 'pw' });
    const ben = createUser(db, { username: 'ben', password: 'pw' });
    const room = createRoom(db, { type: 'c', name: 'general', owner: ana, members: ['ben'] });
    return { db, ana, ben, room };
}

/** Fails the test if a lookup walks a whole collection instead of an index. */
function forbidScans(db: Database): void {
    for (const collection of [db.messages, db.subscriptions, db.appsPersistence]) {
        jest.spyOn(collection, 'find').mockImplementation(() => {
            throw new Error(`full scan of ${collection.name}`);
        });
        jest.spyOn(collection, 'findOne').mockImplementation(() => {
            throw new Error(`full scan of ${collection.name}`);
        });
    }
}

const ids = (docs: Array<{ _id?: unknown; id?: unknown }>) => docs.map((doc) => doc._id ?? doc.id);

afterEach(() => jest.restoreAllMocks());

describe('Database indexes', () => {
    it('seeds a thread and reads it back through indexes only', () => {
        const { db, ana, ben, room } = world();
        forbidScans(db);
        const root = sendMessage(db, NO_EVENTS, ana, { rid: room._id, msg: 'root' });
        const replies: RawMessage[] = [];
        for (let i = 0; i < 500; i++) {
            replies.push(sendMessage(db, NO_EVENTS, i % 2 ? ben : ana, { rid: room._id, msg: `reply ${i}`, tmid: root._id }));
        }
        expect(db.messages.findOneById(root._id)).toMatchObject({ tcount: 500, replies: [ana._id, ben._id] });
        expect(db.messages.countBy('tmid', root._id)).toBe(500);
        expect(db.messages.countBy('rid', room._id)).toBe(501);
        const thread = convertThread(db, root._id);
        expect(ids(thread)).toEqual([root._id, root._id, ...replies.map((reply) => reply._id)]);
    });

    it('convertThread keeps natural order when the root was stored after some of its replies', () => {
        const { db, ana, room } = world();
        const now = new Date();
        const message = (id: string, extra: Partial<RawMessage>): RawMessage => ({
            _id: id,
            rid: room._id,
            msg: id,
            ts: now,
            _updatedAt: now,
            u: { _id: ana._id, username: 'ana' },
            ...extra,
        });
        db.messages.insert(message('early', { tmid: 'root' }));
        db.messages.insert(message('other', {}));
        db.messages.insert(message('root', { tcount: 2 }));
        db.messages.insert(message('late', { tmid: 'root' }));
        forbidScans(db);
        expect(ids(convertThread(db, 'root'))).toEqual(['root', 'early', 'root', 'late']);
        expect(convertThread(db, 'nope')).toEqual([]);
    });

    it('moving to the trash and deleting keep the message indexes current', () => {
        const { db, ana, room } = world();
        const root = sendMessage(db, NO_EVENTS, ana, { rid: room._id, msg: 'root' });
        const reply = sendMessage(db, NO_EVENTS, ana, { rid: room._id, msg: 'reply', tmid: root._id });
        const other = sendMessage(db, NO_EVENTS, ana, { rid: room._id, msg: 'other', tmid: root._id });
        forbidScans(db);
        db.moveMessageToTrash(reply._id, new Date());
        expect(ids(db.messages.findBy('tmid', root._id))).toEqual([other._id]);
        expect(ids(db.messages.findBy('rid', room._id))).toEqual([root._id, other._id]);
        expect(db.trash.findOneById(reply._id)).toMatchObject({ _id: reply._id, __collection__: 'message' });

        // With default settings a reply goes to the trash; its root loses one from tcount (a replace).
        deleteMessage(db, NO_EVENTS, ana, { roomId: room._id, msgId: other._id });
        expect(db.messages.findBy('tmid', root._id)).toEqual([]);
        expect(ids(db.messages.findBy('rid', room._id))).toEqual([root._id]);
        expect(db.messages.findOneById(root._id)?.tcount).toBe(1);
    });

    it('cleanHistory reads the room through its index and unfiles what it trashes', () => {
        const { db, ana, room } = world();
        const elsewhere = createRoom(db, { type: 'c', name: 'elsewhere', owner: ana });
        const kept = sendMessage(db, NO_EVENTS, ana, { rid: elsewhere._id, msg: 'kept' });
        const doomed = sendMessage(db, NO_EVENTS, ana, { rid: room._id, msg: 'doomed' });
        forbidScans(db);
        const removed = cleanHistory(db, {
            roomId: room._id,
            oldest: new Date(0),
            latest: new Date(Date.now() + 1000),
            inclusive: true,
        });
        expect(removed).toBe(1);
        expect(db.messages.findBy('rid', room._id)).toEqual([]);
        expect(ids(db.messages.findBy('rid', elsewhere._id))).toEqual([kept._id]);
        expect(db.trash.findOneById(doomed._id)?._id).toBe(doomed._id);
    });

    it('subscriptions by room and by user follow unread changes and archiving', () => {
        const { db, ana, ben, room } = world();
        forbidScans(db);
        expect(isMember(db, room._id, ben._id)).toBe(true);
        expect(db.subscriptions.findBy('userId', ben._id).map((sub) => sub.rid)).toEqual([room._id]);
        sendMessage(db, NO_EVENTS, ana, { rid: room._id, msg: 'hi @ben' });
        expect(badgeCount(db, ben._id)).toBe(1);
        expect(badgeCount(db, ana._id)).toBe(0);
        const subscription = db.subscriptions.findOneBy('rid', room._id, (sub) => sub.u._id === ben._id)!;
        db.subscriptions.replace({ ...subscription, archived: true });
        expect(badgeCount(db, ben._id)).toBe(0);
        db.subscriptions.replace({ ...subscription, archived: false });
        markRead(db, ben, room._id);
        expect(badgeCount(db, ben._id)).toBe(0);
        db.subscriptions.removeById(subscription._id);
        expect(isMember(db, room._id, ben._id)).toBe(false);
        expect(db.subscriptions.findBy('userId', ben._id)).toEqual([]);
        expect(db.subscriptions.countBy('rid', room._id)).toBe(1);
    });
});

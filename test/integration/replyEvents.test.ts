import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';

import { seedThread } from '../../bench/seed';
import type { RestClient } from '@push-sync/workspace';
import { persistenceSizeOf } from '@push-sync/workspace';
import type { Target } from './support/target';
import { itLocalOnly, startTarget } from './support/target';
import type { EventData } from '../../lib/tracking/records';
import { isEvent } from '../../lib/tracking/records';
import { sendMessage } from './support/rest';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const EPOCH = '2019-04-01T00:00:00.000Z';
/** Why a test stays local: e2e mode has REST only (test/integration/support/target.ts), and no REST route shows event delivery. */
const SPIES_ON_ENGINE = "spies on the engine's listener calls and reads the app's records";

/**
 * The workspace fires IPostMessageSent after every message save and IPostMessageUpdated after every edit, as core does
 * (docs/chat.syncThreadMessages.md#deletion-tracking), and the app learns thread replies from them. What a
 * client can see of that runs in e2e mode too (test/integration/support/target.ts); the rest watches the engine.
 */
describe('reply events', () => {
    let bed: Target;
    let ana: RestClient;
    let rid: string;
    let spy: jest.SpyInstance;
    /** The engine calls the app without handing the promise back: this spy on the app's calls gives it. */
    let appCalls: jest.SpyInstance;

    const send = (message: Loose) => sendMessage(ana, { rid, ...message });
    const executeMethod = {
        [AppInterface.IPostMessageSent]: 'executePostMessageSent',
        [AppInterface.IPostMessageUpdated]: 'executePostMessageUpdated',
    } as Record<string, string>;
    /** Events are fire-and-forget: wait until the app has handled every one the spy saw. */
    const delivered = async (event: AppInterface) => {
        const fired = spy.mock.calls.filter(([name]) => name === event).map(([, payload]) => payload as Loose);
        const handled = () =>
            appCalls.mock.calls
                .map((call, index) => ({ call, result: appCalls.mock.results[index]?.value as Promise<unknown> }))
                .filter(({ call }) => call[0] === executeMethod[event]);
        const deadline = Date.now() + 5000;
        while (handled().length < fired.length && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await Promise.all(handled().map(({ result }) => result));
        expect(handled()).toHaveLength(fired.length);
        return fired;
    };
    /** Replies the app's event records hold. */
    const knownIds = () =>
        bed.workspace.db.appsPersistence
            .find((record) => record.appId === bed.appId && isEvent(record.data))
            .map((record) => (record.data as unknown as EventData).i);

    beforeAll(async () => {
        bed = await startTarget();
        ana = await bed.createUser('ana');
        rid = (await ana.post<{ group: Loose }>('/api/v1/groups.create', { name: bed.name('events-room') })).body.group._id;
        if (bed.mode === 'local') {
            spy = jest.spyOn(bed.workspace.runtime.manager.getListenerManager(), 'executeListener');
            appCalls = jest.spyOn(bed.workspace.runtime.manager.getOneById(bed.appId)!, 'call');
        }
    });
    afterAll(async () => {
        spy?.mockRestore();
        appCalls?.mockRestore();
        await bed?.close();
    });
    beforeEach(() => {
        spy?.mockClear();
        appCalls?.mockClear();
    });

    it('a reply sent and deleted after its thread was synced, never synced itself, is reported: the events reach the app', async () => {
        const root = await send({ msg: 'root' });
        await send({ msg: 'first', tmid: root._id });
        const sync = () =>
            ana.callApp<{ messages: { remove: Loose[] } }>(bed.appId, 'chat.syncThreadMessages', {
                tmid: root._id,
                updatedSince: EPOCH,
            });
        expect((await sync()).status).toBe(200);
        const unseen = await send({ msg: 'sent and deleted between two syncs', tmid: root._id });
        expect((await ana.post('/api/v1/chat.delete', { roomId: rid, msgId: unseen._id })).status).toBe(200);
        // Events are fire-and-forget: sync until the removal shows (a sync cannot learn an unseen reply by itself).
        const deadline = Date.now() + 5000;
        let removed: string[] = [];
        while (Date.now() < deadline) {
            removed = (await sync()).body.messages.remove.map((item) => item._id);
            if (removed.length > 0) break;
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(removed).toEqual([unseen._id]);
    });

    itLocalOnly(
        SPIES_ON_ENGINE,
        'chat.sendMessage fires IPostMessageSent with the converted message; a reply becomes known',
        async () => {
            const root = await send({ msg: 'root' });
            const reply = await send({ msg: 'reply', tmid: root._id });
            await delivered(AppInterface.IPostMessageSent);
            // A thread nobody synced: its reply is not recorded (its first sync's trackingSince covers it).
            expect(knownIds()).not.toContain(reply._id);
            await ana.callApp(bed.appId, 'chat.syncThreadMessages', { tmid: root._id, updatedSince: EPOCH });
            spy.mockClear();
            appCalls.mockClear();
            const later = await send({ msg: 'reply', tmid: root._id });
            const sent = await delivered(AppInterface.IPostMessageSent);
            expect(sent.map((message) => message.id)).toEqual([later._id]);
            expect(knownIds()).toContain(later._id);
            expect(sent[0]).toMatchObject({
                id: later._id,
                threadId: root._id,
                room: { id: rid },
                sender: { username: bed.name('ana') },
            });
            expect(knownIds()).not.toContain(root._id);
        },
    );

    itLocalOnly(SPIES_ON_ENGINE, 'chat.update fires IPostMessageUpdated (only that event)', async () => {
        const root = await send({ msg: 'root' });
        await send({ msg: 'first', tmid: root._id });
        await ana.callApp(bed.appId, 'chat.syncThreadMessages', { tmid: root._id, updatedSince: EPOCH });
        const reply = await send({ msg: 'reply', tmid: root._id });
        await delivered(AppInterface.IPostMessageSent);
        spy.mockClear();
        appCalls.mockClear();
        expect((await ana.post('/api/v1/chat.update', { roomId: rid, msgId: reply._id, text: 'edited' })).status).toBe(200);
        const updated = await delivered(AppInterface.IPostMessageUpdated);
        expect(updated).toEqual([expect.objectContaining({ id: reply._id, text: 'edited', threadId: root._id })]);
        expect(spy.mock.calls.map(([event]) => event)).toEqual([AppInterface.IPostMessageUpdated]);
        // The edit rewrites the reply's record, it adds none.
        expect(knownIds().filter((id) => id === reply._id)).toHaveLength(1);
    });

    itLocalOnly(SPIES_ON_ENGINE, 'a message outside threads costs the app no bridge call', async () => {
        const root = await send({ msg: 'warm up' });
        await send({ msg: 'reply', tmid: root._id });
        await ana.callApp(bed.appId, 'chat.syncThreadMessages', { tmid: root._id, updatedSince: EPOCH });
        await delivered(AppInterface.IPostMessageSent);
        const bridges = bed.workspace.runtime.bridges;
        const persistence = bridges.getPersistenceBridge();
        const watched = [
            jest.spyOn(persistence, 'doReadByAssociations'),
            jest.spyOn(persistence, 'doUpdateByAssociations'),
            jest.spyOn(persistence, 'doCreateWithAssociations'),
            jest.spyOn(bridges.getMessageBridge(), 'doGetById'),
            jest.spyOn(bridges.getServerSettingBridge(), 'doGetOneById'),
        ];
        try {
            spy.mockClear();
            appCalls.mockClear();
            await send({ msg: 'not in a thread' });
            expect(await delivered(AppInterface.IPostMessageSent)).toHaveLength(1);
            expect(watched.map((watch) => watch.mock.calls.length)).toEqual([0, 0, 0, 0, 0]);
        } finally {
            watched.forEach((watch) => watch.mockRestore());
        }
    });

    itLocalOnly(
        SPIES_ON_ENGINE,
        'replies in threads nobody syncs cost at most 48 bytes each in app persistence (here: none)',
        async () => {
            const size = () => persistenceSizeOf(bed.workspace.db.appsPersistence.findBy('appId', bed.appId)).jsonBytes;
            const before = size();
            spy.mockClear();
            appCalls.mockClear();
            let count = 0;
            for (let thread = 0; thread < 5; thread++) {
                const root = await send({ msg: `unsynced ${thread}` });
                count += 1;
                for (let index = 0; index < 20; index++) {
                    await send({ msg: `reply ${index}`, tmid: root._id });
                    count += 1;
                }
            }
            expect(await delivered(AppInterface.IPostMessageSent)).toHaveLength(count);
            expect((size() - before) / 100).toBeLessThanOrEqual(48);
            expect(size()).toBe(before);
        },
    );

    itLocalOnly("writes to the workspace's database", 'seeding for the benchmarks fires nothing', async () => {
        seedThread(bed.workspace, rid, ['ana', 'ana'], 3);
        expect(spy).not.toHaveBeenCalled();
    });
});

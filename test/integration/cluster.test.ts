import { RestClient } from '@push-sync/workspace';
import type { TestBed } from './support/helpers';
import { appZip, saveAppSetting, startTestBed, useStarted, waitFor } from './support/helpers';
import { sendMessage, setServerSetting } from './support/rest';
import { backdateRemoval } from './support/tracking';
import { readManifest } from '../../scripts/appPackage';

type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const EPOCH = '2019-04-01T00:00:00.000Z';
const PURGE = 'purge-expired-removals';
const RECORD_START = 'record-runtime-start';

/** The same user on one instance's own port: what a client behind a balancer pinned to that server sends. */
const on = (bed: TestBed, name: string, client: RestClient) =>
    new RestClient(bed.workspace.instances.find((instance) => instance.name === name)!.url, client.credentials);

const ids = (items: Loose[]) => items.map((item) => item._id as string);

/** Every Deno process the instances' app runtimes run now. */
async function denoPids(bed: TestBed): Promise<number[]> {
    const pids: number[] = [];
    for (const { runtime } of bed.workspace.instances) {
        for (const app of await runtime.manager.get()) {
            const deno = (app.getRuntimeController() as unknown as { deno?: { pid?: number } }).deno;
            if (deno?.pid) pids.push(deno.pid);
        }
    }
    return pids;
}

const isRunning = (pid: number) => {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
};

/**
 * Push Sync on a cluster: a workspace of several instances on one database (packages/workspace/README.md#several-instances),
 * each running its own copy of the app, as a big Rocket.Chat deployment does
 * (docs/chat.syncThreadMessages.md#several-server-instances).
 */
describe('several instances', () => {
    /** What the workspace reports as failed (a broadcast it could not apply, a job that failed): none may occur. */
    let workspaceErrors: jest.SpyInstance;
    beforeAll(() => {
        const print = console.error.bind(console);
        workspaceErrors = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
            if (!String(args[0]).startsWith('[workspace]')) print(...args);
        });
    });
    afterAll(() => workspaceErrors.mockRestore());
    afterEach(() => {
        const reported = workspaceErrors.mock.calls.filter((args) => String(args[0]).startsWith('[workspace]'));
        workspaceErrors.mockClear();
        expect(reported.map((args) => args.map(String).join(' '))).toEqual([]);
    });

    describe('two instances, broadcasting', () => {
        const started = useStarted(() => startTestBed({ instances: 2 }), 'the cluster');
        let ana: RestClient;
        let ben: RestClient;
        let channel: string;
        const bed = () => started();

        beforeAll(async () => {
            ana = await bed().createUser('ana');
            ben = await bed().createUser('ben');
            channel = (await ana.post<{ group: Loose }>('/api/v1/groups.create', { name: 'cluster-room', members: ['ben'] })).body
                .group._id;
        });

        const sync = async (client: RestClient, tmid: string) => {
            const response = await client.callApp<Loose>(bed().appId, 'chat.syncThreadMessages', { tmid, updatedSince: EPOCH });
            expect({ status: response.status, text: response.status === 200 ? '' : response.text }).toEqual({
                status: 200,
                text: '',
            });
            return response.body;
        };
        /** A thread started and answered through instance A. */
        const thread = async (replies: number) => {
            const root = await sendMessage(on(bed(), 'A', ana), { rid: channel, msg: 'root' });
            const items: Loose[] = [];
            for (let i = 0; i < replies; i++) {
                items.push(
                    await sendMessage(on(bed(), 'A', i % 2 ? ben : ana), { rid: channel, msg: `reply ${i}`, tmid: root._id }),
                );
            }
            return { root, replies: items };
        };
        /** rooms.cleanHistory of one reply (the range of its `ts`, its author) through `name`: a bulk deletion, no events. */
        const cleanHistory = async (name: string, reply: Loose) => {
            const ts = new Date(reply.ts).getTime();
            const cleaned = await on(bed(), name, bed().admin).post('/api/v1/rooms.cleanHistory', {
                roomId: channel,
                oldest: new Date(ts - 1).toISOString(),
                latest: new Date(ts + 1).toISOString(),
                inclusive: true,
                users: [reply.u.username],
            });
            expect(cleaned.status).toBe(200);
        };
        const chatDelete = async (name: string, reply: Loose) => {
            const deleted = await on(bed(), name, bed().admin).post('/api/v1/chat.delete', { roomId: channel, msgId: reply._id });
            expect(deleted.status).toBe(200);
        };
        /** The sync of `tmid` through A and through B: identical answers, returned once. */
        const syncBoth = async (tmid: string) => {
            const [throughA, throughB] = [await sync(on(bed(), 'A', ana), tmid), await sync(on(bed(), 'B', ana), tmid)];
            expect(throughB).toEqual(throughA);
            return throughA;
        };

        it('the main port routes by X-Workspace-Instance, takes turns without it, and refuses an unknown name', async () => {
            const { workspace } = bed();
            expect(workspace.instances.map(({ name }) => name)).toEqual(['A', 'B']);
            expect(new Set(workspace.instances.map(({ url }) => url)).size).toBe(2);
            expect(workspace.instances[0].runtime).toBe(workspace.runtime);
            for (const name of ['A', 'B']) {
                const response = await bed().admin.request('GET', '/api/info', { headers: { 'X-Workspace-Instance': name } });
                expect({ status: response.status, instance: response.headers.get('x-workspace-instance') }).toEqual({
                    status: 200,
                    instance: name,
                });
            }
            const turns: Array<string | null> = [];
            for (let i = 0; i < 4; i++) {
                turns.push((await bed().admin.get('/api/info')).headers.get('x-workspace-instance'));
            }
            expect([...new Set(turns)].sort()).toEqual(['A', 'B']);
            expect(turns[0]).not.toBe(turns[1]);
            const unknown = await bed().admin.request('GET', '/api/info', { headers: { 'X-Workspace-Instance': 'Z' } });
            expect({ status: unknown.status, body: unknown.body }).toEqual({
                status: 400,
                body: { success: false, error: 'No workspace instance "Z" (instances: A, B)' },
            });
            // Every instance sees the main URL as the site's.
            const siteUrl = await on(bed(), 'B', bed().admin).get<{ value: string }>('/api/v1/settings/Site_Url');
            expect(siteUrl.body.value).toBe(workspace.url);
        });

        it('the install reached every instance, and push.get answers the same on each', async () => {
            const { root } = await thread(0);
            const answers = [];
            for (const client of [on(bed(), 'A', ben), on(bed(), 'B', ben), ben]) {
                const response = await client.callApp(bed().appId, 'push.get', { id: root._id });
                expect(response.status).toBe(200);
                answers.push(response.body);
            }
            expect(answers[1]).toEqual(answers[0]);
            expect(answers[2]).toEqual(answers[0]);
        });

        it('a REST call fires app events on the instance that handled it only', async () => {
            const { root } = await thread(0);
            await bed().workspace.settled();
            const [a, b] = bed().workspace.instances.map(({ runtime }) => runtime);
            const before = [a.meter.usage().calls, b.meter.usage().calls];
            await sendMessage(on(bed(), 'B', ben), { rid: channel, msg: 'through B', tmid: root._id });
            await bed().workspace.settled();
            // The reply event's handler reads and writes through the bridges of B's runtime only.
            expect(a.meter.usage().calls).toBe(before[0]);
            expect(b.meter.usage().calls).toBeGreaterThan(before[1]);
        });

        it('a reply sent through A and deleted in bulk through B is reported through A and B alike', async () => {
            const { root, replies } = await thread(3);
            await sync(on(bed(), 'A', ana), root._id);
            await cleanHistory('B', replies[1]);
            const body = await syncBoth(root._id);
            expect(ids(body.messages.remove)).toEqual([replies[1]._id]);
            expect(ids(body.messages.update).sort()).toEqual([replies[0]._id, replies[2]._id].sort());
        });

        it('a reply deleted one by one through B is reported through A and B alike', async () => {
            const { root, replies } = await thread(3);
            await sync(on(bed(), 'A', ana), root._id);
            await chatDelete('B', replies[0]);
            // B's delete event records the removal: whichever comes first, the event or the next sync, the answer holds it.
            await bed().workspace.settled();
            const body = await syncBoth(root._id);
            expect(ids(body.messages.remove)).toEqual([replies[0]._id]);
            expect(ids(body.messages.update).sort()).toEqual([replies[1]._id, replies[2]._id].sort());
        });

        it('concurrent first syncs through A and B keep one consistent ledger: no removal lost, none invented', async () => {
            for (let round = 0; round < 8; round++) {
                const { root, replies } = await thread(4);
                const first = await Promise.all([sync(on(bed(), 'A', ana), root._id), sync(on(bed(), 'B', ben), root._id)]);
                for (const body of first) {
                    expect({ round, remove: body.messages.remove }).toEqual({ round, remove: [] });
                    expect(ids(body.messages.update).sort()).toEqual(ids(replies).sort());
                }
                await cleanHistory(round % 2 ? 'A' : 'B', replies[1]);
                await chatDelete(round % 2 ? 'B' : 'A', replies[2]);
                const second = await Promise.all([sync(on(bed(), 'A', ana), root._id), sync(on(bed(), 'B', ben), root._id)]);
                for (const body of [
                    ...second,
                    await sync(on(bed(), 'A', ana), root._id),
                    await sync(on(bed(), 'B', ana), root._id),
                ]) {
                    expect({ round, remove: ids(body.messages.remove).sort() }).toEqual({
                        round,
                        remove: [replies[1]._id, replies[2]._id].sort(),
                    });
                    expect(ids(body.messages.update).sort()).toEqual([replies[0]._id, replies[3]._id].sort());
                }
            }
        });

        it('an app setting saved through A reaches B (its onSettingUpdated applies it at once)', async () => {
            const { root } = await thread(0);
            const limitOn = async (name: string) =>
                (await on(bed(), name, ben).callApp(bed().appId, 'push.get', { id: root._id })).headers.get('x-ratelimit-limit');
            expect([await limitOn('A'), await limitOn('B')]).toEqual(['300', '300']);
            await saveAppSetting(on(bed(), 'A', bed().admin), bed().appId, 'rate_limit_push_get_per_minute', 7);
            try {
                await bed().workspace.settled();
                expect([await limitOn('A'), await limitOn('B')]).toEqual(['7', '7']);
            } finally {
                await saveAppSetting(on(bed(), 'A', bed().admin), bed().appId, 'rate_limit_push_get_per_minute', 300);
                await bed().workspace.settled();
            }
            expect([await limitOn('A'), await limitOn('B')]).toEqual(['300', '300']);
        });

        it('a server setting change applies on both instances within settings_cache_seconds', async () => {
            await saveAppSetting(on(bed(), 'A', bed().admin), bed().appId, 'settings_cache_seconds', 1);
            await bed().workspace.settled();
            const { root } = await thread(0);
            const textOn = async (name: string) =>
                (await on(bed(), name, ben).callApp<Loose>(bed().appId, 'push.get', { id: root._id })).body.data.notification
                    .text as string;
            expect([await textOn('A'), await textOn('B')]).toEqual(['ana: root', 'ana: root']);
            await setServerSetting(bed().admin, 'Push_show_message', false);
            try {
                const hidden = 'ana: You have a new message';
                // At most the cache's 1 s on each instance; the bound leaves room for a busy machine.
                await waitFor(
                    async () => (await textOn('A')) === hidden && (await textOn('B')) === hidden,
                    'both instances',
                    4000,
                );
            } finally {
                await setServerSetting(bed().admin, 'Push_show_message', true);
                await saveAppSetting(on(bed(), 'A', bed().admin), bed().appId, 'settings_cache_seconds', 5);
                await bed().workspace.settled();
            }
        });

        it('the daily purge runs once per occurrence, on one instance, and its effect is seen from both', async () => {
            const { workspace, appId } = bed();
            const purges = () => workspace.jobRuns().filter((run) => run.processorId === `${PURGE}_${appId}`);
            // Installed on two instances: one job, run once at registration, not once per instance.
            expect(purges()).toHaveLength(1);
            const { root, replies } = await thread(3);
            await sync(on(bed(), 'A', ana), root._id);
            await chatDelete('B', replies[0]);
            await chatDelete('A', replies[1]);
            await workspace.settled();
            await syncBoth(root._id);
            backdateRemoval(workspace.db, appId, root._id, replies[0]._id, 31);
            const ranOn = await workspace.runJobNow(PURGE);
            expect(purges()).toHaveLength(2);
            expect(purges()[1].instance).toBe(ranOn);
            const body = await syncBoth(root._id);
            expect(ids(body.messages.remove)).toEqual([replies[1]._id]);
            // An instance start registers the job again and keeps its next run: no extra occurrence.
            await workspace.restartInstance('B');
            await workspace.settled();
            expect(purges()).toHaveLength(2);
        });

        describe('restarts and crashes are honest everywhere', () => {
            /** A thread tracked since before the restart: only a recorded start can move its trackingSince. */
            let tracked: string;
            beforeAll(async () => {
                tracked = (await thread(1)).root._id as string;
                await sync(on(bed(), 'A', ana), tracked);
            });
            const trackingSinceThroughA = async () => Date.parse((await sync(on(bed(), 'A', ana), tracked)).trackingSince);

            it('after restartInstance(B), a sync through A answers a trackingSince no earlier than B’s new start', async () => {
                const beforeRestart = Date.now();
                await bed().workspace.restartInstance('B');
                await bed().workspace.settled();
                expect(await trackingSinceThroughA()).toBeGreaterThanOrEqual(beforeRestart);
                expect((await on(bed(), 'B', ben).callApp(bed().appId, 'push.get', { id: tracked })).status).toBe(200);
            });

            it('after crashRuntime(B), the same, before any request reached B', async () => {
                const [before] = await denoPids(bed()).then((pids) => pids.slice(1));
                const beforeCrash = Date.now();
                await bed().workspace.crashRuntime('B');
                await bed().workspace.settled();
                const [after] = await denoPids(bed()).then((pids) => pids.slice(1));
                expect(after).not.toBe(before);
                expect(await trackingSinceThroughA()).toBeGreaterThanOrEqual(beforeCrash);
                expect((await on(bed(), 'B', ben).callApp(bed().appId, 'push.get', { id: tracked })).status).toBe(200);
            });

            it('even when B’s start-up job runs on A: the job carries B’s start', async () => {
                const { workspace, appId } = bed();
                workspace.pinJobs(RECORD_START, 'A');
                try {
                    const beforeRestart = Date.now();
                    await workspace.restartInstance('B');
                    await workspace.settled();
                    const starts = workspace.jobRuns().filter((run) => run.processorId === `${RECORD_START}_${appId}`);
                    expect(starts[starts.length - 1]).toMatchObject({ instance: 'A' });
                    expect(starts[starts.length - 1].startedAt.getTime()).toBeGreaterThanOrEqual(beforeRestart);
                    expect(await trackingSinceThroughA()).toBeGreaterThanOrEqual(beforeRestart);
                    const beforeCrash = Date.now();
                    await workspace.crashRuntime('B');
                    await workspace.settled();
                    expect(await trackingSinceThroughA()).toBeGreaterThanOrEqual(beforeCrash);
                } finally {
                    workspace.pinJobs(RECORD_START, undefined);
                }
            });
        });
    });

    describe('two instances, broadcasting off (no scalability module)', () => {
        const started = useStarted(() => startTestBed({ instances: 2, broadcast: false, installApp: false }), 'the cluster');
        const bed = () => started();
        let appId: string;
        let user: RestClient;

        beforeAll(async () => {
            user = await bed().createUser('carla');
            const installed = await on(bed(), 'A', bed().admin).uploadApp(appZip(), { permissions: readManifest().permissions });
            expect(installed.status).toBe(200);
            appId = (installed.body as { app: { id: string } }).app.id;
            await bed().workspace.settled();
        });

        it('settled() names what is pending: a job pinned to an instance that lacks its processor waits', async () => {
            const { workspace } = bed();
            // B never got the app (no broadcast), so it cannot run the app's jobs: pinned there, the start-up job of a
            // re-enable through A waits.
            workspace.pinJobs(RECORD_START, 'B');
            try {
                const through = on(bed(), 'A', bed().admin);
                expect((await through.post(`/api/apps/${appId}/status`, { status: 'manually_disabled' })).status).toBe(200);
                expect((await through.post(`/api/apps/${appId}/status`, { status: 'manually_enabled' })).status).toBe(200);
                await expect(workspace.settled(300)).rejects.toThrow(
                    `The workspace is not settled after 300 ms: job ${RECORD_START}_${appId} due`,
                );
            } finally {
                workspace.pinJobs(RECORD_START, undefined);
            }
            await workspace.settled();
            expect(workspace.jobRuns().at(-1)).toMatchObject({ processorId: `${RECORD_START}_${appId}`, instance: 'A' });
        });

        it('an install reaches B only when B loads the app again (a restart)', async () => {
            const onB = on(bed(), 'B', user);
            const before = await onB.request('GET', `/api/apps/public/${appId}/push.get`, { query: { id: 'x' } });
            expect({ status: before.status, text: before.text }).toEqual({ status: 404, text: 'Not Found' });
            await bed().workspace.restartInstance('B');
            await bed().workspace.settled();
            expect((await onB.callApp(appId, 'push.get', { id: 'x' })).status).toBe(400);
        });

        it('an app setting saved through A: B keeps the old value until B is restarted', async () => {
            const limitOn = async (name: string) =>
                (await on(bed(), name, user).callApp(appId, 'push.get', { id: 'x' })).headers.get('x-ratelimit-limit');
            await saveAppSetting(on(bed(), 'A', bed().admin), appId, 'rate_limit_push_get_per_minute', 9);
            await bed().workspace.settled();
            expect([await limitOn('A'), await limitOn('B')]).toEqual(['9', '300']);
            await bed().workspace.restartInstance('B');
            await bed().workspace.settled();
            expect([await limitOn('A'), await limitOn('B')]).toEqual(['9', '9']);
        });
    });

    describe('three instances', () => {
        const started = useStarted(() => startTestBed({ instances: 3 }), 'the cluster');
        const bed = () => started();
        let dan: RestClient;
        let message: Loose;
        beforeAll(async () => {
            dan = await bed().createUser('dan');
            const room = (await dan.post<{ group: Loose }>('/api/v1/groups.create', { name: 'three' })).body.group._id;
            message = await sendMessage(dan, { rid: room, msg: 'hello' });
        });

        it('take turns on the main port and answer push.get alike', async () => {
            const seen = new Set<string | null>();
            const answers: unknown[] = [];
            for (let i = 0; i < 3; i++) {
                const response = await dan.callApp(bed().appId, 'push.get', { id: message._id });
                expect(response.status).toBe(200);
                seen.add(response.headers.get('x-workspace-instance'));
                answers.push(response.body);
            }
            expect([...seen].sort()).toEqual(['A', 'B', 'C']);
            expect(answers[1]).toEqual(answers[0]);
            expect(answers[2]).toEqual(answers[0]);
        });

        it('a disable, an enable, an update and an uninstall through one instance reach the other two', async () => {
            const { workspace, appId, admin } = bed();
            const statuses = async () =>
                Promise.all(workspace.instances.map(async ({ runtime }) => runtime.manager.getOneById(appId)?.getStatus()));
            const through = (name: string) => on(bed(), name, admin);
            expect((await through('B').post(`/api/apps/${appId}/status`, { status: 'manually_disabled' })).status).toBe(200);
            await workspace.settled();
            expect(await statuses()).toEqual(['manually_disabled', 'manually_disabled', 'manually_disabled']);
            expect((await through('C').post(`/api/apps/${appId}/status`, { status: 'manually_enabled' })).status).toBe(200);
            await workspace.settled();
            expect((await statuses()).every((status) => status === 'manually_enabled' || status === 'auto_enabled')).toBe(true);
            // An update restarts the app on every instance: new Deno processes everywhere.
            const before = await denoPids(bed());
            const updated = await through('A').uploadApp(appZip(), { appId, permissions: readManifest().permissions });
            expect(updated.status).toBe(200);
            await workspace.settled();
            const after = await denoPids(bed());
            expect(after).toHaveLength(3);
            expect(after.filter((pid) => before.includes(pid))).toEqual([]);
            for (const name of ['A', 'B', 'C']) {
                expect({ name, status: (await on(bed(), name, dan).callApp(appId, 'push.get', { id: 'x' })).status }).toEqual({
                    name,
                    status: 400,
                });
            }
            expect((await through('B').request('DELETE', `/api/apps/${appId}`)).status).toBe(200);
            await workspace.settled();
            expect(await statuses()).toEqual([undefined, undefined, undefined]);
            expect(before.filter(isRunning)).toEqual([]);
            expect(after.filter(isRunning)).toEqual([]);
        });

        it('no Deno process outlives close(), crashed and respawned ones included', async () => {
            const { workspace, admin } = bed();
            const installed = await admin.uploadApp(appZip(), { permissions: readManifest().permissions });
            expect(installed.status).toBe(200);
            await workspace.settled();
            // A crash leaves a respawned process; closing must stop it too.
            await bed().workspace.crashRuntime('C');
            await bed().workspace.settled();
            const pids = await denoPids(bed());
            expect(pids).toHaveLength(3);
            expect(pids.every(isRunning)).toBe(true);
            await bed().close();
            expect(pids.filter(isRunning)).toEqual([]);
        });
    });
});

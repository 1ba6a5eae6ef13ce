import { AppBridges } from '@rocket.chat/apps-engine/server/bridges';

import { WorkspaceSchedulerBridge } from '../bridges/scheduler';
import { ClusterJobStore } from '../cluster/jobStore';
import { WorkspaceBridges } from '../bridges/WorkspaceBridges';
import { BridgeMeter } from '../runtime/bridgeMeter';
import { Database } from '../store/Database';

/** The meter reads the global `performance`, which Jest's fake timers drive: durations below are exact. */
beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

const work = (ms: number) => jest.advanceTimersByTime(ms);

describe('BridgeMeter', () => {
    it('times the synchronous part of each call: what runs after an await is not the workspace’s', async () => {
        const meter = new BridgeMeter();
        expect(meter.usage()).toEqual({ calls: 0, busyMs: 0, byMethod: {} });
        expect(meter.measure(() => (work(3), 'sync'))).toBe('sync');
        const pending = meter.measure(async () => {
            work(2);
            await Promise.resolve();
            work(4);
            return 'async';
        });
        await expect(pending).resolves.toBe('async');
        expect(meter.usage()).toEqual({ calls: 0, busyMs: 5, byMethod: {} });
    });

    it('counts nested calls once, and failures too', () => {
        const meter = new BridgeMeter();
        meter.measure(() => {
            work(1);
            meter.measure(() => work(2));
            // A reading inside a call includes the ongoing part.
            expect(meter.usage()).toEqual({ calls: 0, busyMs: 3, byMethod: {} });
            work(1);
        });
        expect(() =>
            meter.measure(() => {
                work(1);
                throw new Error('boom');
            }),
        ).toThrow('boom');
        work(100);
        expect(meter.usage()).toEqual({ calls: 0, busyMs: 5, byMethod: {} });
    });

    it('instrument: the engine gets the same bridges; do… entry points are counted, the workspace’s own work timed', async () => {
        const db = new Database('http://localhost:3000');
        const bridges = new WorkspaceBridges(
            {
                db,
                manager: () => {
                    throw new Error('not needed');
                },
            },
            { scheduler: new WorkspaceSchedulerBridge(new ClusterJobStore(), 'A', () => true), publish: () => undefined },
        );
        const meter = new BridgeMeter();
        const seen = meter.instrument(bridges);
        expect(seen).toBeInstanceOf(AppBridges);
        expect(seen.getPersistenceBridge()).toBe(seen.getPersistenceBridge());
        const persistence = seen.getPersistenceBridge();
        const id = await persistence.doCreate({ a: 1 }, 'app');
        const lookup = db.appsPersistence.findOneById.bind(db.appsPersistence);
        jest.spyOn(db.appsPersistence, 'findOneById').mockImplementation((recordId) => (work(5), lookup(recordId)));
        expect(await persistence.doReadById(id, 'app')).toEqual({ a: 1 });
        expect(meter.usage()).toEqual({
            calls: 2,
            busyMs: 5,
            byMethod: { 'WorkspacePersistenceBridge.doCreate': 1, 'WorkspacePersistenceBridge.doReadById': 1 },
        });
        // Not an entry point: not counted.
        expect(typeof seen.getApiBridge().doRegisterApi).toBe('function');
        expect(meter.usage().calls).toBe(2);
        // The originals stay unmeasured (the workspace's own REST routes use them directly).
        await bridges.getPersistenceBridge().doReadById(id, 'app');
        expect(meter.usage()).toEqual({
            calls: 2,
            busyMs: 5,
            byMethod: { 'WorkspacePersistenceBridge.doCreate': 1, 'WorkspacePersistenceBridge.doReadById': 1 },
        });
    });
});

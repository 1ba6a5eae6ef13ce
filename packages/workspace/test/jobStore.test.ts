import type { JobRunner } from '../cluster/jobStore';
import { ClusterJobStore } from '../cluster/jobStore';

/** An instance's scheduler that records what it ran; `release()` ends the run under way. */
function runner(name: string, processors: string[]): JobRunner & { ran: Array<[string, object | undefined]> } {
    const ran: Array<[string, object | undefined]> = [];
    return {
        name,
        ran,
        has: (processorId) => processors.includes(processorId),
        run: async (processorId, data) => {
            ran.push([processorId, data]);
        },
    };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ClusterJobStore (Agenda semantics, packages/workspace/README.md#several-instances)', () => {
    let store: ClusterJobStore;
    beforeEach(() => {
        jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
        store = new ClusterJobStore();
    });
    afterEach(() => {
        store.stop();
        jest.useRealTimers();
    });

    it('a recurring job is one per processor: registering it again keeps its next run time', async () => {
        const a = runner('A', ['purge_app']);
        const b = runner('B', ['purge_app']);
        store.attach(a);
        store.attach(b);
        const first = store.scheduleRecurring('app', 'purge_app', '1 day');
        await jest.advanceTimersByTimeAsync(0);
        expect([...a.ran, ...b.ran]).toHaveLength(1);
        jest.advanceTimersByTime(60_000);
        // B starts and registers the job again: same job, no new run, the same next run.
        expect(store.scheduleRecurring('app', 'purge_app', '1 day')).toBe(first);
        await jest.advanceTimersByTimeAsync(0);
        expect([...a.ran, ...b.ran]).toHaveLength(1);
        await jest.advanceTimersByTimeAsync(86_400_000 - 60_000);
        expect([...a.ran, ...b.ran]).toHaveLength(2);
        expect(store.recurring('app')).toEqual([{ id: 'purge_app', interval: '1 day' }]);
        expect(store.runs.map((run) => run.instance).sort()).toEqual(['A', 'B']);
    });

    it('each one-time job is its own, runs once on one instance, in turns, with its data', async () => {
        const a = runner('A', ['start_app']);
        const b = runner('B', ['start_app']);
        store.attach(a);
        store.attach(b);
        store.scheduleOnce('app', 'start_app', new Date(), { key: 'a' });
        store.scheduleOnce('app', 'start_app', new Date(), { key: 'b' });
        await jest.advanceTimersByTimeAsync(0);
        expect(
            [...a.ran, ...b.ran].map(([, data]) => data).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
        ).toEqual([{ key: 'a' }, { key: 'b' }]);
        expect([a.ran.length, b.ran.length]).toEqual([1, 1]);
        expect(store.hasPendingOnce('start_app')).toBe(false);
        expect(store.pending()).toEqual([]);
    });

    it('only an instance that has the processor runs it; a due job waits for one', async () => {
        const a = runner('A', []);
        store.attach(a);
        store.scheduleOnce('app', 'later_app', '10 seconds');
        expect(store.pending()).toEqual([]);
        await jest.advanceTimersByTimeAsync(10_000);
        expect(store.pending()).toEqual(['job later_app due']);
        const b = runner('B', ['later_app']);
        store.attach(b);
        await tick();
        expect([a.ran, b.ran]).toEqual([[], [['later_app', undefined]]]);
        expect(store.pending()).toEqual([]);
    });

    it('an instance whose engine does not hold the app (not loaded yet, or removed) runs none of its jobs', async () => {
        const loaded = new Set<string>();
        const ran: string[] = [];
        store.attach({
            name: 'C',
            has: (processorId, appId) => processorId === 'purge_app' && loaded.has(appId),
            run: async (processorId) => void ran.push(processorId),
        });
        store.scheduleOnce('app', 'purge_app', new Date());
        await jest.advanceTimersByTimeAsync(500);
        expect(ran).toEqual([]);
        expect(store.pending()).toEqual(['job purge_app due']);
        // Its runtime comes up (a load, the end of an update): the next poll, within 50 ms, runs the job.
        loaded.add('app');
        await jest.advanceTimersByTimeAsync(50);
        expect(ran).toEqual(['purge_app']);
        expect(store.pending()).toEqual([]);
    });

    it('a pinned processor runs on its instance only, and waits while that one is detached', async () => {
        const a = runner('A', ['start_app']);
        const b = runner('B', ['start_app']);
        store.attach(a);
        store.pin('start', 'B');
        for (let i = 0; i < 3; i++) store.scheduleOnce('app', 'start_app', new Date());
        await jest.advanceTimersByTimeAsync(0);
        expect(a.ran).toEqual([]);
        expect(store.pending()).toHaveLength(3);
        store.attach(b);
        await tick();
        expect(b.ran).toHaveLength(3);
        store.pin('start', undefined);
        store.scheduleOnce('app', 'start_app', new Date());
        store.scheduleOnce('app', 'start_app', new Date());
        await jest.advanceTimersByTimeAsync(0);
        expect(a.ran).toHaveLength(1);
    });

    it('cancels by processor and by app; runNext runs a recurring occurrence early and names the instance', async () => {
        const a = runner('A', ['purge_app', 'more_app']);
        store.attach(a);
        store.scheduleRecurring('app', 'purge_app', '1 day', { skipImmediate: true });
        store.scheduleOnce('app', 'more_app', '10 seconds');
        expect(await store.runNext('purge')).toBe('A');
        expect(a.ran).toEqual([['purge_app', undefined]]);
        store.cancel('more_app');
        expect(store.hasPendingOnce('more_app')).toBe(false);
        store.cancelAll('app');
        expect(store.recurring()).toEqual([]);
        await expect(store.runNext('purge')).rejects.toThrow('No job of purge that a live instance can run now');
    });

    it('a failing run is logged with its instance and the job goes on; nothing runs once stopped', async () => {
        const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
            store.attach({ name: 'A', has: () => true, run: () => Promise.reject(new Error('boom')) });
            store.scheduleRecurring('app', 'purge_app', '1 minute');
            await jest.advanceTimersByTimeAsync(0);
            expect(error).toHaveBeenCalledWith('[workspace] scheduled job purge_app failed on instance A:', expect.any(Error));
            expect(store.recurring()).toHaveLength(1);
            store.stop();
            await jest.advanceTimersByTimeAsync(120_000);
            expect(error).toHaveBeenCalledTimes(1);
        } finally {
            error.mockRestore();
        }
    });
});

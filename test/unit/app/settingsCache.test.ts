import { ShortLivedValue } from '../../../lib/app/settingsCache';

describe('ShortLivedValue', () => {
    let now = 0;
    let loads = 0;
    const load = (lifetimeMs: number) => async () => ({ value: ++loads, lifetimeMs });
    beforeEach(() => {
        now = 1000;
        loads = 0;
    });

    it('reuses the value for its lifetime, counted from the start of the load, then loads again', async () => {
        const cache = new ShortLivedValue<number>(() => now);
        expect(await cache.get(load(5000))).toBe(1);
        now = 5999;
        expect(await cache.get(load(5000))).toBe(1);
        now = 6000;
        expect(await cache.get(load(5000))).toBe(2);
    });

    it('a lifetime of 0 loads every time', async () => {
        const cache = new ShortLivedValue<number>(() => now);
        expect(await cache.get(load(0))).toBe(1);
        expect(await cache.get(load(0))).toBe(2);
    });

    it('concurrent callers share one load', async () => {
        const cache = new ShortLivedValue<number>(() => now);
        const results = await Promise.all([cache.get(load(5000)), cache.get(load(5000)), cache.get(load(5000))]);
        expect(results).toEqual([1, 1, 1]);
        expect(loads).toBe(1);
    });

    it('forget() makes the next caller load afresh', async () => {
        const cache = new ShortLivedValue<number>(() => now);
        expect(await cache.get(load(5000))).toBe(1);
        cache.forget();
        expect(await cache.get(load(5000))).toBe(2);
    });

    it('a failed load is not kept', async () => {
        const cache = new ShortLivedValue<number>(() => now);
        await expect(cache.get(() => Promise.reject(new Error('pipe closed')))).rejects.toThrow('pipe closed');
        expect(await cache.get(load(5000))).toBe(1);
    });
});

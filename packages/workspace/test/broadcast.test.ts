import type { ClusterEvent, ClusterListener } from '../cluster/broadcast';
import { ClusterBroadcast } from '../cluster/broadcast';

const added = (appId: string): ClusterEvent => ({ type: 'added', appId });

describe('ClusterBroadcast (packages/workspace/README.md#several-instances)', () => {
    it('reaches every other instance, asynchronously and in order; settled when nothing is queued', async () => {
        const broadcast = new ClusterBroadcast();
        const applied: string[] = [];
        const member = (name: string): ClusterListener => ({
            name,
            apply: async (event) => {
                await new Promise((resolve) => setTimeout(resolve, 5));
                applied.push(`${name} ${event.appId}`);
            },
        });
        ['A', 'B', 'C'].forEach((name) => broadcast.join(member(name)));
        broadcast.publish('A', added('x'));
        broadcast.publish('A', added('y'));
        expect(applied).toEqual([]);
        expect(broadcast.pending()).toEqual(['B: added x', 'B: added y', 'C: added x', 'C: added y']);
        while (broadcast.pending().length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
        expect(applied.filter((line) => line.startsWith('B'))).toEqual(['B x', 'B y']);
        expect(applied.filter((line) => line.startsWith('C'))).toEqual(['C x', 'C y']);
        expect(applied.some((line) => line.startsWith('A'))).toBe(false);
    });

    it('what an instance does while applying a broadcast is never passed on', async () => {
        const broadcast = new ClusterBroadcast();
        const applied: string[] = [];
        // B's engine reports a status change while it applies A's install (as an enable does).
        broadcast.join({ name: 'A', apply: async (event) => void applied.push(`A ${event.type}`) });
        broadcast.join({
            name: 'B',
            apply: async (event) => {
                applied.push(`B ${event.type}`);
                await Promise.resolve();
                broadcast.publish('B', { type: 'removed', appId: event.appId });
            },
        });
        broadcast.publish('A', added('x'));
        while (broadcast.pending().length > 0) await new Promise((resolve) => setTimeout(resolve, 1));
        expect(applied).toEqual(['B added']);
        // Outside an apply, B's own changes are sent.
        broadcast.publish('B', added('y'));
        while (broadcast.pending().length > 0) await new Promise((resolve) => setTimeout(resolve, 1));
        expect(applied).toEqual(['B added', 'A added']);
    });

    it('off, or to an instance that left, nothing is sent; a failure is logged and the queue goes on', async () => {
        const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
            const broadcast = new ClusterBroadcast(false);
            const applied: string[] = [];
            broadcast.join({ name: 'A', apply: async () => void applied.push('A') });
            broadcast.join({ name: 'B', apply: async () => Promise.reject(new Error('boom')) });
            broadcast.publish('C', added('x'));
            expect(broadcast.pending()).toEqual([]);
            broadcast.enabled = true;
            broadcast.publish('C', added('x'));
            broadcast.leave('A');
            while (broadcast.pending().length > 0) await new Promise((resolve) => setTimeout(resolve, 1));
            expect(applied).toEqual([]);
            expect(error).toHaveBeenCalledWith('[workspace] instance B failed to apply added x:', expect.any(Error));
        } finally {
            error.mockRestore();
        }
    });
});

/**
 * A burst of push.get (bench/README.md#deletion-tracking-issue-18): one message in a channel of 1,000 members, every
 * member calls push.get for it once, 64 calls at a time, as after a notification to a big room. Push Sync's burst and
 * the floor app's (bench/floor-apps/push-floor) alternate; the ratio is the median burst time over the floor's.
 * Measured on a fresh runtime and again right after the tracking rows (bench/tracking.ts).
 */
import { performance } from 'node:perf_hooks';

import type { RestClient, Workspace } from '@push-sync/workspace';
import { createUser } from './seed';
import { summarize } from './stats';

export const BURST = { members: 1_000, concurrent: 64, rounds: 3 };
/** Concurrent REST calls while creating the members. */
const SETUP_CONCURRENCY = 16;

export interface BurstRoom {
    messageId: string;
    members: RestClient[];
}

export interface BurstResult {
    app: number[];
    floor: number[];
}

async function inParallel<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
    const results: T[] = new Array<T>(count);
    let next = 0;
    await Promise.all(
        Array.from({ length: Math.min(concurrency, count) }, async () => {
            while (next < count) {
                const index = next++;
                results[index] = await task(index);
            }
        }),
    );
    return results;
}

/** 1,000 users through users.create and login, a channel with all of them, one message by the first. */
export async function burstRoom(workspace: Workspace, admin: RestClient): Promise<BurstRoom> {
    const usernames = Array.from({ length: BURST.members }, (_, index) => `burst${index}`);
    const members = await inParallel(usernames.length, SETUP_CONCURRENCY, (index) =>
        createUser(workspace, admin, usernames[index]),
    );
    const channel = await members[0].post<{ channel?: { _id: string } }>('/api/v1/channels.create', {
        name: 'burst',
        members: usernames.slice(1),
    });
    if (channel.status !== 200 || !channel.body.channel) {
        throw new Error(`channels.create burst: ${channel.status} ${channel.text}`);
    }
    const sent = await members[0].post<{ message: { _id: string } }>('/api/v1/chat.sendMessage', {
        message: { rid: channel.body.channel._id, msg: 'hello, everyone' },
    });
    if (sent.status !== 200) {
        throw new Error(`chat.sendMessage: ${sent.text}`);
    }
    return { messageId: sent.body.message._id, members };
}

/** Every member calls push.get once, `BURST.concurrent` at a time; returns the burst's wall time (ms). */
async function burst(room: BurstRoom, appId: string): Promise<number> {
    const started = performance.now();
    await inParallel(room.members.length, BURST.concurrent, async (index) => {
        const response = await room.members[index].callApp(appId, 'push.get', { id: room.messageId });
        if (response.status !== 200) {
            throw new Error(`push.get burst (${appId}): ${response.status} ${response.text.slice(0, 300)}`);
        }
    });
    return performance.now() - started;
}

/** One unmeasured burst of each, then `BURST.rounds` alternating pairs. */
export async function compareBursts(room: BurstRoom, appId: string, floorAppId: string): Promise<BurstResult> {
    await burst(room, appId);
    await burst(room, floorAppId);
    const result: BurstResult = { app: [], floor: [] };
    for (let round = 0; round < BURST.rounds; round++) {
        result.app.push(await burst(room, appId));
        result.floor.push(await burst(room, floorAppId));
    }
    return result;
}

export function printBursts(bursts: Array<[string, BurstResult]>): void {
    const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
    console.log(
        `\npush.get burst: one message, ${BURST.members} members each call push.get once, ${BURST.concurrent} at a time; ` +
            `Push Sync and the floor app (bench/floor-apps/push-floor) alternate, ${BURST.rounds} bursts each after one ` +
            `unmeasured burst of each. Goal ≤ 1.2× the floor, even right after the tracking work.\n`,
    );
    console.log('| when | Push Sync bursts ms | floor bursts ms | median ÷ floor median |');
    console.log('|---|--:|--:|--:|');
    for (const [when, { app, floor }] of bursts) {
        console.log(
            `| ${when} | ${app.map((ms) => fmt(ms, 0)).join(', ')} | ${floor.map((ms) => fmt(ms, 0)).join(', ')} | ` +
                `${fmt(summarize(app).median / summarize(floor).median)}× |`,
        );
    }
}

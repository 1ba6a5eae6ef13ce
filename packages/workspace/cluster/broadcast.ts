import { AsyncLocalStorage } from 'node:async_hooks';

import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

/** What one instance tells the others about an app, as core's apps notifier does. */
export type ClusterEvent =
    | { type: 'added' | 'updated' | 'removed'; appId: string }
    | { type: 'statusChanged'; appId: string; status: AppStatus }
    | { type: 'settingUpdated'; appId: string; setting: ISetting };

/** An instance that applies what the others broadcast (core's AppServerListener). */
export interface ClusterListener {
    readonly name: string;
    apply(event: ClusterEvent): Promise<void>;
}

interface Member {
    listener: ClusterListener;
    /** Events are applied one after the other, in the order they were sent. */
    tail: Promise<void>;
    queued: ClusterEvent[];
}

const describe = (event: ClusterEvent) => `${event.type} ${event.appId}`;

/**
 * Core's instance broadcast of app changes (packages/workspace/README.md#several-instances): asynchronous, to every
 * other instance, and never passed on again. What an instance's engine does while it applies a broadcast (an enable
 * reports a status change, a setting update reports the setting) happens inside `applying`, and is not sent.
 * Off (`enabled = false`) as on a server without the scalability module or with `Troubleshoot_Disable_Instance_Broadcast`.
 */
export class ClusterBroadcast {
    private readonly members = new Map<string, Member>();
    private readonly applying = new AsyncLocalStorage<string>();

    constructor(public enabled = true) {}

    join(listener: ClusterListener): void {
        this.members.set(listener.name, { listener, tail: Promise.resolve(), queued: [] });
    }

    /** The instance stopped: it receives nothing until it joins again (a restart loads the app from storage instead). */
    leave(name: string): void {
        this.members.delete(name);
    }

    /** Sends `event` from instance `from` to every other instance; nothing when off or when it is a broadcast's echo. */
    publish(from: string, event: ClusterEvent): void {
        // Only the applying instance's own echo is dropped: work started inside an apply (a job timer armed by a
        // registration) may later run on another instance, whose changes are its own.
        if (!this.enabled || this.applying.getStore() === from) {
            return;
        }
        for (const [name, member] of this.members) {
            if (name === from) continue;
            member.queued.push(event);
            member.tail = member.tail.then(async () => {
                try {
                    if (this.members.get(name) === member) {
                        await this.applying.run(name, () => member.listener.apply(event));
                    }
                } catch (error) {
                    console.error(`[workspace] instance ${name} failed to apply ${describe(event)}:`, error);
                } finally {
                    member.queued.shift();
                }
            });
        }
    }

    /** Broadcasts queued or being applied, e.g. "B: settingUpdated <app id>". */
    pending(): string[] {
        return [...this.members].flatMap(([name, member]) => member.queued.map((event) => `${name}: ${describe(event)}`));
    }
}

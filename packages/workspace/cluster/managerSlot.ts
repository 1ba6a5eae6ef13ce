import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';

/**
 * The engine keeps one AppManager in a static slot: its constructor throws when the slot is taken, and every bridge
 * permission check (`getPermissionsByAppId`) asks the manager in the slot. A server has one manager per process; the
 * workspace runs one per instance in one process. So the slot is emptied for each construction and then holds a
 * stand-in that answers from any live manager holding the app (all instances grant an app the same permissions), so
 * that stopping one instance never breaks another's permission checks.
 */
const live = new Set<AppManager>();

const slot = AppManager as unknown as { Instance?: unknown };

const standIn = {
    getPermissionsById(appId: string): unknown[] {
        for (const manager of live) {
            if (manager.getOneById(appId)) {
                return manager.getPermissionsById(appId);
            }
        }
        return [];
    },
};

/** Builds a manager while other instances' managers are live. */
export function constructManager(options: ConstructorParameters<typeof AppManager>[0]): AppManager {
    slot.Instance = undefined;
    try {
        const manager = new AppManager(options);
        live.add(manager);
        return manager;
    } finally {
        slot.Instance = live.size > 0 ? standIn : undefined;
    }
}

/** The instance stopped: its manager answers no permission check any more; the slot empties with the last one. */
export function releaseManager(manager: AppManager): void {
    live.delete(manager);
    slot.Instance = live.size > 0 ? standIn : undefined;
}

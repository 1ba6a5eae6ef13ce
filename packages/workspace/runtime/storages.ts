import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { ILogEntry } from '@rocket.chat/apps-engine/definition/accessors';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import type { IMarketplaceInfo } from '@rocket.chat/apps-engine/server/marketplace';
import type { IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';
import { AppLogStorage, AppMetadataStorage, AppSourceStorage } from '@rocket.chat/apps-engine/server/storage';

import { randomId } from '../store/ids';

/**
 * Core keeps installed apps in the `rocketchat_apps` collection; here a Map that every instance of a cluster shares.
 * Reads and writes copy, as a database does: the engine changes the items it holds in place (a setting update does),
 * and two instances must never share one object (instance B would see A's change without its `onSettingUpdated`).
 */
const copy = <T>(item: T): T => structuredClone(item);

export class MemoryMetadataStorage extends AppMetadataStorage {
    private readonly items = new Map<string, IAppStorageItem>();

    constructor() {
        super('memory');
    }

    async create(item: IAppStorageItem): Promise<IAppStorageItem> {
        if (this.items.has(item.id)) {
            throw new Error('App already exists.');
        }
        const stored = { ...copy(item), _id: randomId(), createdAt: new Date(), updatedAt: new Date() };
        this.items.set(item.id, stored);
        return copy(stored);
    }

    async retrieveOne(id: string): Promise<IAppStorageItem | null> {
        const item = this.items.get(id);
        return item ? copy(item) : null;
    }

    async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
        return new Map([...this.items].map(([id, item]) => [id, copy(item)]));
    }

    async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
        return new Map(
            [...this.items].filter(([, item]) => item.installationSource === 'private').map(([id, item]) => [id, copy(item)]),
        );
    }

    async remove(id: string): Promise<{ success: boolean }> {
        return { success: this.items.delete(id) };
    }

    async updatePartialAndReturnDocument(
        item: Partial<IAppStorageItem>,
        options?: { unsetPermissionsGranted?: boolean },
    ): Promise<IAppStorageItem> {
        const existing = this.find(item.id ?? item._id ?? '');
        if (!existing) {
            throw new Error(`App ${item.id ?? item._id} is not stored`);
        }
        const updated: IAppStorageItem = { ...existing, ...copy(item), id: existing.id, updatedAt: new Date() };
        if (options?.unsetPermissionsGranted) {
            delete updated.permissionsGranted;
        }
        this.items.set(updated.id, updated);
        return copy(updated);
    }

    /** The engine names an app by its app id in some calls and by the storage `_id` in others (status, settings). */
    private find(id: string): IAppStorageItem | undefined {
        return this.items.get(id) ?? [...this.items.values()].find((item) => item._id === id);
    }

    private patch(id: string, patch: Partial<IAppStorageItem>): boolean {
        const existing = this.find(id);
        if (!existing) {
            return false;
        }
        this.items.set(existing.id, { ...existing, ...copy(patch), updatedAt: new Date() });
        return true;
    }

    async updateStatus(id: string, status: AppStatus): Promise<boolean> {
        return this.patch(id, { status });
    }

    async updateSetting(id: string, setting: ISetting): Promise<boolean> {
        const existing = this.find(id);
        return !!existing && this.patch(id, { settings: { ...existing.settings, [setting.id]: setting } });
    }

    async updateAppInfo(id: string, info: IAppInfo): Promise<boolean> {
        return this.patch(id, { info });
    }

    async updateMarketplaceInfo(id: string, marketplaceInfo: IMarketplaceInfo[]): Promise<boolean> {
        return this.patch(id, { marketplaceInfo });
    }
}

/** App logs (core: `rocketchat_apps_logs`), optionally echoed to the console. */
/**
 * `[app <appId>] <severity> <where>: <message>`: strings as they are, anything else as JSON; `<where>` is the logging
 * method when the engine names one, else the app method the entry belongs to (e.g. `executeApi`).
 */
export function formatLogLine(entry: Pick<ILoggerStorageEntry, 'appId' | 'method'>, line: ILogEntry): string {
    const message = (line.args ?? [])
        .map((arg: unknown) => (typeof arg === 'string' ? arg : (JSON.stringify(arg) ?? String(arg))))
        .join(' ');
    return `[app ${entry.appId}] ${line.severity} ${line.method ?? entry.method}: ${message}`;
}

export class MemoryLogStorage extends AppLogStorage {
    readonly entries: ILoggerStorageEntry[] = [];

    constructor(private readonly echo: boolean) {
        super('memory');
    }

    async findPaginated(query: { appId?: string }, options?: { skip?: number; limit?: number }) {
        const logs = this.entries.filter((entry) => !query.appId || entry.appId === query.appId);
        const skip = options?.skip ?? 0;
        return { logs: logs.slice(skip, options?.limit ? skip + options.limit : undefined), total: logs.length };
    }

    async storeEntries(entry: ILoggerStorageEntry): Promise<ILoggerStorageEntry> {
        this.entries.push(entry);
        if (this.echo) {
            // Debug entries are left out: the engine logs API requests there with their headers, auth token included.
            for (const line of entry.entries.filter((candidate) => candidate.severity !== 'debug')) {
                console.log(formatLogLine(entry, line));
            }
        }
        return entry;
    }

    async getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
        return this.entries.filter((entry) => entry.appId === appId);
    }

    async removeEntriesFor(appId: string): Promise<void> {
        this.entries.splice(0, this.entries.length, ...this.entries.filter((entry) => entry.appId !== appId));
    }
}

/** The uploaded zips (core: GridFS or the file system). */
export class MemorySourceStorage extends AppSourceStorage {
    private readonly zips = new Map<string, Buffer>();

    async store(item: IAppStorageItem, zip: Buffer): Promise<string> {
        this.zips.set(item.id, zip);
        return `memory:${item.id}`;
    }

    async fetch(item: IAppStorageItem): Promise<Buffer> {
        const zip = this.zips.get(item.id);
        if (!zip) {
            throw new Error(`No source stored for app ${item.id}`);
        }
        return zip;
    }

    async update(item: IAppStorageItem, zip: Buffer): Promise<string> {
        return this.store(item, zip);
    }

    async remove(item: IAppStorageItem): Promise<void> {
        this.zips.delete(item.id);
    }
}

import { readFileSync } from 'node:fs';

import { createUser } from './functions/users';
import type { Database } from './store/Database';
import type { Doc, RawMessage, RawRoom, RawSubscription } from './store/types';

/** Fields that hold dates in raw documents; fixture files give them as ISO strings or `{"$date": ...}`. */
const DATE_FIELDS = new Set([
    'ts',
    '_updatedAt',
    'createdAt',
    'editedAt',
    'tlm',
    'ls',
    'lm',
    '_deletedAt',
    'pinnedAt',
    'dlm',
    'closedAt',
]);

function revive(value: unknown, key = ''): unknown {
    if (value && typeof value === 'object' && '$date' in value) {
        return new Date((value as { $date: string | number }).$date);
    }
    if (typeof value === 'string' && DATE_FIELDS.has(key)) {
        return new Date(value);
    }
    if (Array.isArray(value)) {
        return value.map((item) => revive(item));
    }
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, k)]));
    }
    return value;
}

export interface FixtureFile {
    users?: Array<{
        _id?: string;
        username: string;
        password: string;
        name?: string;
        roles?: string[];
        language?: string;
        type?: 'user' | 'bot';
    }>;
    rooms?: Doc[];
    subscriptions?: Doc[];
    messages?: Doc[];
    settings?: { [id: string]: unknown };
}

/** Loads a fixture (format in packages/workspace/README.md): raw documents inserted as they are, users with a password. */
export function loadFixture(db: Database, file: string): void {
    const fixture = JSON.parse(readFileSync(file, 'utf8')) as FixtureFile;
    const now = new Date();
    for (const user of fixture.users ?? []) {
        createUser(db, user);
    }
    for (const room of fixture.rooms ?? []) {
        db.rooms.insert({ msgs: 0, usersCount: 0, ts: now, _updatedAt: now, ...(revive(room) as object) } as RawRoom);
    }
    for (const subscription of fixture.subscriptions ?? []) {
        db.subscriptions.insert({
            open: true,
            alert: false,
            unread: 0,
            userMentions: 0,
            groupMentions: 0,
            ts: now,
            _updatedAt: now,
            ...(revive(subscription) as object),
        } as RawSubscription);
    }
    for (const message of fixture.messages ?? []) {
        db.messages.insert({ ts: now, _updatedAt: now, msg: '', ...(revive(message) as object) } as RawMessage);
    }
    for (const [id, value] of Object.entries(fixture.settings ?? {})) {
        const setting = db.settings.findOneById(id);
        if (!setting) {
            throw new Error(`fixture: unknown setting ${id}`);
        }
        db.settings.replace({ ...setting, value, _updatedAt: now });
    }
}

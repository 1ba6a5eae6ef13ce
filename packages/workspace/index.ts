/**
 * The workspace's public entry: everything outside packages/workspace/ imports from here ('@push-sync/workspace'),
 * never from its folders (lint-enforced). What each export is: README.md#programmatic-api.
 *
 * Loading this entry is light (no engine, no web server): `Workspace.start` loads those itself.
 */
export { ADMIN_PASSWORD, ADMIN_USERNAME, Workspace } from './Workspace';
export type { WorkspaceOptions } from './Workspace';
export type { ApiDocsOptions } from './rest/apiDocs';
export { RestClient } from './client';
export { KEEP_ALIVE_TIMEOUT_MS } from './rest/timeouts';
export type { Credentials, RestResponse } from './client';
export { runWorkspaceCli } from './cli';
export type { WorkspaceCliOptions, InstalledApp } from './cli';

// Seeding: the functions core's REST API runs, for tests and benches that write straight to the database.
export type { DemoData } from './demo';
export type { FixtureFile } from './fixtures';
export { sendMessage } from './functions/messages';
export type { MessageEvents, SendMessageInput } from './functions/messages';
export { subscribe } from './functions/rooms';
export { findUserByUsername } from './functions/users';
export { convertThread } from './converters/messages';

// The store and its document types.
export type { Database } from './store/Database';
export { randomId } from './store/ids';
export type { Doc, RawMessage, RawRoom, RawSetting, RawSubscription, RawUser, RoomType, UserRef } from './store/types';
export type { BridgeUsage } from './runtime/bridgeMeter';
export type { PersistenceReadUsage } from './runtime/persistenceReadMeter';

// App persistence with core's semantics: the workspace's bridge and the app's test fakes share it.
export { InMemoryPersistence, MAX_BSON_OBJECT_SIZE, persistenceSizeOf } from './store/appPersistence';
export type { Association, PersistenceRecord, PersistenceSize } from './store/appPersistence';

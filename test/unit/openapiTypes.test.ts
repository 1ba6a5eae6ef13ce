/**
 * Clients generated from docs/openapi.json with openapi-typescript get required keys for the common case (a sync
 * without `fields`): a small strict client compiles against the generated types, and the same client written against
 * the projected schema does not (so this test can fail).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import ts from 'typescript';

import { OPENAPI_PATH } from '../integration/support/openapiConformance';

const client = (syncSchema: string) => `
import type { components } from './api';
type Sync = components['schemas']['${syncSchema}'];
type Push = components['schemas']['PushGetSuccess'];
export const replyIds = (answer: Sync): string[] => answer.messages.update.map((reply) => reply._id);
export const senders = (answer: Sync): string[] => answer.messages.update.map((reply) => reply.u._id);
export const edits = (answer: Sync): Array<[string, string]> =>
    answer.messages.update.map((reply) => [reply._id, reply._updatedAt]);
export const removals = (answer: Sync): Array<[string, string, string]> =>
    answer.messages.remove.map((removed) => [removed._id, removed.rid, removed._deletedAt]);
export const title = (answer: Push): string => answer.data.notification.title;
`;

/** Compile errors of a strict client, as "line: message". */
function compile(folder: string, source: string): string[] {
    const file = path.join(folder, 'client.ts');
    writeFileSync(file, source);
    const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2020,
        types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
}

describe('types generated from docs/openapi.json', () => {
    let folder: string;

    beforeAll(() => {
        folder = mkdtempSync(path.join(tmpdir(), 'push-sync-openapi-types-'));
        // Its command line, as an integrator runs it (the package's CommonJS build cannot load under jest).
        const cli = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'openapi-typescript');
        execFileSync(cli, [OPENAPI_PATH, '--output', path.join(folder, 'api.d.ts')], { stdio: 'pipe' });
    });

    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('a strict client reads _id, rid, u, _updatedAt and _deletedAt of the default answer without assertions', () => {
        expect(compile(folder, client('SyncThreadMessagesDefaultSuccess'))).toEqual([]);
    });

    it('the same client against the projected answer does not compile: any key may be projected away', () => {
        const errors = compile(folder, client('SyncThreadMessagesSuccess'));
        expect(errors.length).toBeGreaterThanOrEqual(4);
        expect(errors.join('\n')).toContain("'string | undefined' is not assignable to type 'string'");
    });
});

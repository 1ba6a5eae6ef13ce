import { applyProjection, parseFields } from '../../../lib/sync/projection';
import { apiErrorOf, jsonParamBody } from './helpers';

const TS = new Date('2024-01-02T03:04:05.000Z');
const REPLY = {
    _id: 'r1',
    rid: 'ROOM',
    msg: 'hi',
    ts: TS,
    u: { _id: 'u1', username: 'alice', name: 'Alice' },
    tmid: 'T',
    attachments: [{ title: 'doc', ts: TS, fields: [{ short: true, title: 'a' }] }, 'not-a-document'],
    e2e: 'done',
    e2eMentions: { e2eUserMentions: [] },
    joinCode: 'secret',
    members: ['u1'],
    importIds: ['i1'],
};

const project = (fields?: string) => applyProjection(REPLY, fields === undefined ? undefined : parseFields(fields));

describe('applyProjection', () => {
    it('always drops joinCode, members, importIds and e2e (top level only)', () => {
        expect(project()).toEqual({
            _id: 'r1',
            rid: 'ROOM',
            msg: 'hi',
            ts: TS,
            u: REPLY.u,
            tmid: 'T',
            attachments: REPLY.attachments,
            e2eMentions: REPLY.e2eMentions,
        });
    });

    it.each<[string, string, object]>([
        ['inclusion keeps _id', '{"msg":1}', { _id: 'r1', msg: 'hi' }],
        ['inclusion without _id', '{"msg":1,"_id":0}', { msg: 'hi' }],
        ['only _id', '{"_id":1}', { _id: 'r1' }],
        ['nested inclusion', '{"u.username":1,"ts":1}', { _id: 'r1', ts: TS, u: { username: 'alice' } }],
        [
            'inclusion through an array keeps its sub-documents only',
            '{"attachments.title":1}',
            { _id: 'r1', attachments: [{ title: 'doc' }] },
        ],
        ['inclusion of a path under a scalar', '{"msg.length":1}', { _id: 'r1' }],
        ['inclusion of a missing path', '{"editedAt":1}', { _id: 'r1' }],
        ['inclusion of an always-excluded field', '{"e2e":1,"msg":1}', { _id: 'r1', msg: 'hi' }],
        [
            'exclusion',
            '{"u":0,"attachments":0,"ts":0}',
            { _id: 'r1', rid: 'ROOM', msg: 'hi', tmid: 'T', e2eMentions: REPLY.e2eMentions },
        ],
        [
            'nested exclusion through arrays',
            '{"attachments.ts":0,"attachments.fields.short":0,"u.name":0,"e2eMentions":0,"rid":0,"ts":0}',
            {
                _id: 'r1',
                msg: 'hi',
                u: { _id: 'u1', username: 'alice' },
                tmid: 'T',
                attachments: [{ title: 'doc', fields: [{ title: 'a' }] }, 'not-a-document'],
            },
        ],
        [
            'exclusion of _id only',
            '{"_id":0,"attachments":0,"u":0,"e2eMentions":0}',
            { rid: 'ROOM', msg: 'hi', ts: TS, tmid: 'T' },
        ],
        [
            'exclusion with _id 1',
            '{"_id":1,"attachments":0,"u":0,"e2eMentions":0,"ts":0}',
            { _id: 'r1', rid: 'ROOM', msg: 'hi', tmid: 'T' },
        ],
    ])('%s', (_name, fields, expected) => {
        expect(project(fields)).toEqual(expected);
    });

    it('keeps the document key order, not the parameter order', () => {
        expect(Object.keys(project('{"tmid":1,"msg":1,"_id":1}'))).toEqual(['_id', 'msg', 'tmid']);
    });

    it('does not modify its input', () => {
        const copy = structuredClone(REPLY);
        project('{"u.name":0}');
        project('{"u.name":1}');
        expect(REPLY).toEqual(copy);
    });

    it('copies an own __proto__ key of a document as data, without touching prototypes', () => {
        const doc = JSON.parse('{"_id":"x","__proto__":{"polluted":1},"msg":"hi"}');
        const projected = applyProjection(doc, parseFields('{"msg":0}'));
        expect(Object.getPrototypeOf(projected)).toBe(Object.prototype);
        expect(Object.keys(projected)).toEqual(['_id', '__proto__']);
        expect((projected as Record<string, unknown>).polluted).toBeUndefined();
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(applyProjection(doc, parseFields('{"msg":1}'))).toEqual({ _id: 'x', msg: 'hi' });
    });
});

describe('parseFields', () => {
    it('returns undefined when nothing is left to project', () => {
        expect(parseFields('{}')).toBeUndefined();
        expect(parseFields('{"e2e":1,"members.x":0}')).toBeUndefined();
    });

    it.each([
        '{"msg":1,"ts":0}',
        '{"msg":2}',
        '{"msg":true}',
        '{"msg":"1"}',
        '{"msg":null}',
        '{"u":1,"u.name":1}',
        '{"u.name":0,"u":0}',
        '{"__proto__":1}',
        '{"constructor":0}',
        '{"u.prototype":1}',
        '{"a..b":1}',
        '{"":1}',
        '{"$slice":1}',
        '{"a.$":1}',
        '[]',
        '"msg"',
        'msg',
        `{"msg":"${'x'.repeat(4096)}"}`,
    ])('rejects %s', (raw) => {
        expect(apiErrorOf(() => parseFields(raw))).toEqual({ status: 400, body: jsonParamBody('fields', raw) });
    });
});

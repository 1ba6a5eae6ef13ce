import {
    COMPACT_AFTER_RECORDS,
    deletedReplyRecord,
    ledgerRecord,
    observeThread,
    purgeCutoff,
    purgeThread,
    readLedger,
    removeItems,
    sentReplyRecord,
} from '../../../lib/tracking';
import { at, EMPTY, identity, ledgerOf, reply, T1, T2, T3 } from './fixtures';

describe('observeThread', () => {
    it('first sync of a thread: one record with every reply and the observation; tracking from now', () => {
        const observation = observeThread(EMPTY, [reply('r1'), reply('r2')], T1, {}, 'k1');
        expect(observation.record).toEqual({
            kind: 'thread-ledger',
            tmid: 'T',
            key: 'k1',
            observedAt: [T1.toISOString()],
            known: [identity('r1'), identity('r2')],
            removed: [],
        });
        expect(observation.consumedKeys).toEqual([]);
        expect(observation.removed).toEqual([]);
        expect(observation.trackingSince).toEqual(T1);
    });

    it('nothing new: no write, tracking from the first observation', () => {
        const first = observeThread(EMPTY, [reply('r1')], T1, {}, 'k1');
        const again = observeThread(ledgerOf(first.record!), [reply('r1', { msg: 'edited' })], T2, {}, 'k2');
        expect(again.record).toBeUndefined();
        expect(again.trackingSince).toEqual(T1);
    });

    it('a known reply missing from the snapshot is removed once, with the detection time', () => {
        const first = observeThread(EMPTY, [reply('r1'), reply('r2')], T1, {}, 'k1');
        const second = observeThread(ledgerOf(first.record!), [reply('r2'), reply('r3')], T2, {}, 'k2');
        expect(second.record).toEqual({
            kind: 'thread-ledger',
            tmid: 'T',
            key: 'k2',
            observedAt: [],
            known: [identity('r3')],
            removed: [{ ...identity('r1'), deletedAt: T2.toISOString() }],
        });
        const third = observeThread(ledgerOf(first.record!, second.record!), [reply('r2'), reply('r3')], T3, {}, 'k3');
        expect(third.record).toBeUndefined();
        expect(third.removed.map((entry) => entry._id)).toEqual(['r1']);
    });

    it('a reply learned from its event is known before any sync, so a bulk deletion is reported', () => {
        const sent = sentReplyRecord(identity('r9'));
        const observation = observeThread(ledgerOf(sent), [], T2, {}, 'k');
        expect(observation.removed).toEqual([{ ...identity('r9'), deletedAt: T2.toISOString() }]);
    });

    it('after a runtime start, the first sync observes again and tracking moves to it', () => {
        const first = observeThread(EMPTY, [reply('r1')], T1, {}, 'k1');
        const coverage = { latestStart: T2.getTime() };
        const afterRestart = observeThread(ledgerOf(first.record!), [reply('r1')], T3, coverage, 'k2');
        expect(afterRestart.record?.observedAt).toEqual([T3.toISOString()]);
        expect(afterRestart.trackingSince).toEqual(T3);
        const later = observeThread(
            ledgerOf(first.record!, afterRestart.record!),
            [reply('r1')],
            at('2024-03-04T00:00:00.000Z'),
            coverage,
            'k3',
        );
        expect(later.record).toBeUndefined();
        expect(later.trackingSince).toEqual(T3);
    });

    it('tracking never precedes the purge cutoff', () => {
        const first = observeThread(EMPTY, [reply('r1')], T1, {}, 'k1');
        expect(
            observeThread(ledgerOf(first.record!), [reply('r1')], T3, { purgedBefore: T2.getTime() }, 'k').trackingSince,
        ).toEqual(T2);
    });

    it('compacts more than the bound of records into one, removing exactly those it merged', () => {
        const events = Array.from({ length: COMPACT_AFTER_RECORDS + 1 }, (_, index) => sentReplyRecord(identity(`r${index}`)));
        const ledger = ledgerOf(...events);
        const present = events.slice(1).map((event) => reply(event.known[0]._id));
        const observation = observeThread(ledger, present, T1, {}, 'merged');
        expect(observation.consumedKeys).toEqual(events.map((event) => event.key));
        expect(observation.record?.known).toHaveLength(COMPACT_AFTER_RECORDS + 1);
        expect(observation.record?.removed).toEqual([{ ...identity('r0'), deletedAt: T1.toISOString() }]);
        expect(observation.record?.observedAt).toEqual([T1.toISOString()]);
    });
});

describe('removeItems', () => {
    it('carries exactly the contract fields in its order, detected after the date', () => {
        const removed = [
            { ...identity('r1'), deletedAt: T2.toISOString() },
            { _id: 'r2', rid: 'ROOM', tmid: 'T', deletedAt: T1.toISOString() },
        ];
        const items = removeItems(removed, at('2024-03-01T12:00:00.000Z'));
        expect(items).toEqual([
            {
                _id: 'r1',
                rid: 'ROOM',
                tmid: 'T',
                ts: at('2024-01-01T00:00:00.000Z'),
                u: { _id: 'u1', username: 'alice' },
                _deletedAt: T2,
                __collection__: 'message',
            },
        ]);
        expect(Object.keys(items[0])).toEqual(['_id', 'rid', 'tmid', 'ts', 'u', '_deletedAt', '__collection__']);
    });
});

describe('events', () => {
    it('a sent or edited reply: one record keyed by the reply', () => {
        expect(sentReplyRecord(identity('r1'))).toEqual(
            ledgerRecord('T', 'event:r1', { observedAt: [], known: [identity('r1')], removed: [] }),
        );
    });

    it.each([
        ['missing', undefined, true],
        ['present', undefined, false],
        ['unavailable', { keepHistory: false, showDeletedStatus: false }, true],
        ['unavailable', { keepHistory: true, showDeletedStatus: false }, false],
        ['unavailable', undefined, false],
    ] as const)('deleted, read back %s with settings %j → recorded: %s', (readBack, settings, recorded) => {
        const record = deletedReplyRecord(identity('r1'), readBack, settings, T1);
        expect(record).toEqual(
            recorded
                ? ledgerRecord('T', 'deleted:r1', {
                      observedAt: [],
                      known: [identity('r1')],
                      removed: [{ ...identity('r1'), deletedAt: T1.toISOString() }],
                  })
                : undefined,
        );
    });

    it('the same removal recorded twice is reported once, with the later detection time', () => {
        const fromEvent = deletedReplyRecord(identity('r1'), 'missing', undefined, T1)!;
        const fromSync = ledgerRecord('T', 'k', {
            observedAt: [],
            known: [],
            removed: [{ ...identity('r1'), deletedAt: T2.toISOString() }],
        });
        expect([...readLedger('T', [fromSync, fromEvent]).removed.values()]).toEqual([
            { ...identity('r1'), deletedAt: T2.toISOString() },
        ]);
    });
});

describe('purge', () => {
    it('drops removals detected before the cutoff together with their known entry', () => {
        const ledger = ledgerOf(
            ledgerRecord('T', 'a', {
                observedAt: [T1.toISOString()],
                known: [identity('r1'), identity('r2'), identity('r3')],
                removed: [
                    { ...identity('r1'), deletedAt: T1.toISOString() },
                    { ...identity('r2'), deletedAt: T3.toISOString() },
                ],
            }),
        );
        const write = purgeThread(ledger, T2, 'p');
        expect(write?.consumedKeys).toEqual(['a']);
        expect(write?.record?.known.map((entry) => entry._id)).toEqual(['r2', 'r3']);
        expect(write?.record?.removed.map((entry) => entry._id)).toEqual(['r2']);
        expect(purgeThread(readLedger('T', [write!.record]), T2, 'q')).toBeUndefined();
    });

    it('cutoff: retention days before now', () => {
        expect(purgeCutoff(T3, 2)).toEqual(T1);
    });
});

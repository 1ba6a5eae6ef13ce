import { readCoverage, runtimeStartJobData, runtimeStartOfJob, supersededStarts } from '../../../lib/tracking';

const T1 = new Date('2024-03-01T00:00:00.000Z');
const T2 = new Date('2024-03-02T00:00:00.000Z');
const T3 = new Date('2024-03-03T00:00:00.000Z');

describe('coverage', () => {
    it('latest start and latest cutoff; older starts are superseded', () => {
        const starts = [
            { kind: 'runtime-start', key: 'a', startedAt: T1.toISOString() },
            { kind: 'runtime-start', key: 'b', startedAt: T3.toISOString() },
        ];
        const coverage = readCoverage([...starts, { kind: 'purge-cutoff', cutoff: T2.toISOString() }, { kind: 'other' }]);
        expect(coverage).toMatchObject({ latestStart: T3.getTime(), purgedBefore: T2.getTime() });
        expect(supersededStarts(coverage.starts)).toEqual(['a']);
    });

    it('a start-up job carries its start as JSON, and gives it back whatever keys the host adds', () => {
        const data = runtimeStartJobData({ startedAt: T2, key: 'mfx1-abc' });
        expect(data).toEqual({ startedAt: '2024-03-02T00:00:00.000Z', key: 'mfx1-abc' });
        expect(runtimeStartOfJob({ ...data, appId: 'app', jobId: 'job' })).toEqual({ startedAt: T2, key: 'mfx1-abc' });
    });

    it.each([
        ['no context', undefined],
        ['an empty context (a 0.2.0 job, a job run by hand)', {}],
        ['no key', { startedAt: T2.toISOString() }],
        ['a key that is not a record key', { startedAt: T2.toISOString(), key: 'a b' }],
        ['a key too long', { startedAt: T2.toISOString(), key: 'k'.repeat(65) }],
        ['a date that is not one', { startedAt: 'yesterday', key: 'k' }],
        ['a number for a date', { startedAt: 1, key: 'k' }],
        ['an array', [T2.toISOString(), 'k']],
    ])('a start-up job with %s carries no start', (_case, context) => {
        expect(runtimeStartOfJob(context)).toBeUndefined();
    });
});

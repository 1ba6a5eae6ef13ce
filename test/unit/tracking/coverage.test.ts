import { readCoverage, supersededStarts } from '../../../lib/tracking';

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
});

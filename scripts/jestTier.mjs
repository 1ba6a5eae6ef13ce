/* global process -- Node's */
/**
 * `npm test` and `npm run test:<tier>`: Jest on the tier's projects (comma-separated, first argument), with whatever
 * follows `--` (a file, a path pattern, `-t <test name>`, other Jest flags) passed on unchanged. Jest's
 * `--selectProjects` takes every later word as a project name, so it goes last: `jest --selectProjects unit <file>`
 * would run the whole unit project (docs/development.md#running-tests).
 */
import jest from 'jest';

// As Jest's own command does before it loads anything.
process.env.NODE_ENV ??= 'test';
const [projects, ...args] = process.argv.slice(2);
jest.run([...args, '--selectProjects', ...projects.split(',')]);

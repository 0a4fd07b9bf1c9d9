import { runSupfleet } from './run-supfleet';
import { runMain, stdioOutput } from './stdio-output';

runMain(() => runSupfleet(process.argv.slice(2), stdioOutput));

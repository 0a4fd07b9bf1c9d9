import { runSupfleetctl } from './run-supfleetctl';
import { runMain, stdioOutput } from './stdio-output';

runMain(() => runSupfleetctl(process.argv.slice(2), process.env, stdioOutput));

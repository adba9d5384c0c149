import { runCli } from './cli/run';

/** Entry point of `npm run county -- <command>`. */
const status = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
process.exitCode = status;

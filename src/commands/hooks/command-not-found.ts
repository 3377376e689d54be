import { Errors, type Hook } from '@oclif/core';

/**
 * An unknown command fails like every other usage error: one `error:` line on stderr (or the JSON error
 * document under --json) and exit code 2, instead of oclif's own banner.
 */
const hook: Hook.CommandNotFound = async function ({ id, argv, config }) {
  const known = config.commandIDs.slice().sort().join(', ');
  const message = `unknown command '${id}' (commands: ${known}; see ${config.bin} --help)`;
  process.stderr.write(`error: ${message}\n`);
  if (argv?.includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code: 'USAGE_ERROR', message } }, null, 2)}\n`);
  throw new Errors.ExitError(2);
};

export default hook;

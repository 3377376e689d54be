import { Chalk, type ChalkInstance } from 'chalk';
import chalk, { chalkStderr } from 'chalk';

/**
 * chalk follows FORCE_COLOR and whether each stream is a TTY, but not NO_COLOR (https://no-color.org):
 * a non-empty NO_COLOR turns colours off unless FORCE_COLOR asks for them explicitly.
 */
function levelFor(detected: ChalkInstance): ChalkInstance {
  const noColor = (process.env.NO_COLOR ?? '') !== '' && process.env.FORCE_COLOR === undefined;
  return noColor ? new Chalk({ level: 0 }) : detected;
}

/** Styles for text written to stdout. */
export const out = levelFor(chalk);
/** Styles for text written to stderr (its own TTY detection). */
export const err = levelFor(chalkStderr);

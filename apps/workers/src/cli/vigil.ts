import { parseArgs } from 'node:util';
import { runSimulateCommand } from '@vigil/simulator';
import { DETECT_USAGE, runDetectCommand } from './detect.command';
import { SCORE_USAGE, runScoreCommand } from './score.command';

const USAGE = `Usage: vigil <command> [options]

Commands:
  score [--config FILE]   score NDJSON conversations from stdin, one JSON result per line on stdout
  detect                  score a timestamp,value CSV series from stdin for anomalies, CSV on stdout
  simulate [options]      post realistic conversations to a running Vigil (vigil simulate --help)

Run from the repository root as "npx vigil <command>".`;

/** The `vigil` command line: the same engine and contracts as the workers, for people and scripts. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'score': {
      const { values } = parseArgs({
        args: rest,
        options: { config: { type: 'string' }, help: { type: 'boolean' } },
      });
      if (values.help) return (console.log(SCORE_USAGE), 0);
      return runScoreCommand({ config: values.config });
    }
    case 'detect': {
      const { values } = parseArgs({ args: rest, options: { help: { type: 'boolean' } } });
      if (values.help) return (console.log(DETECT_USAGE), 0);
      return runDetectCommand();
    }
    case 'simulate':
      return runSimulateCommand(rest, { env: process.env });
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`vigil: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

// `nestjs-tokenward/cli`: run the tokenward commands with the host app's own module. A separate
// entry point so that importing the library does not load the command-line machinery.
export {
  runTokenwardCli,
  runTokenwardCliAndExit,
  type TokenwardCliOptions,
} from './run-tokenward-cli.js';
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './cli-io.js';

import type { DynamicModule, Type } from '@nestjs/common';

/** Where the secret of the booted module comes from; decides what `rotate-keys` may check. */
export type CliSecretSource =
  /** The host app's own configuration: the real secret, lifetimes and algorithm. */
  | 'app'
  /** The packaged bin with `TOKENWARD_SECRET` set: supposedly the app's, so it is checked. */
  | 'environment'
  /** The packaged bin without `TOKENWARD_SECRET`: a throwaway secret that signs nothing. */
  | 'throwaway';

/** The module the commands boot, once resolved. */
export interface ResolvedCliApp {
  readonly module: Type<unknown> | DynamicModule;
  readonly secret: CliSecretSource;
  /** What the progress line says while the module boots, e.g. `connecting to MongoDB`. */
  readonly connecting: string;
}

/**
 * The app the CLI administers. `resolve` runs only when a command needs the app, after its
 * arguments were checked, so `--help`, `--version` and usage errors never boot anything; it
 * throws `CliUsageError` for a configuration it cannot use (a missing `MONGODB_URI`, say).
 */
export interface CliApp {
  resolve(): ResolvedCliApp;
}

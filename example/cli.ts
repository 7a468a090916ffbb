// The example's own `tokenward` CLI: the same commands as the packaged bin, run inside the
// example's AppModule, so they use its real options (JWT_SECRET, TOKENWARD_ACCESS_TTL_SECONDS,
// TOKENWARD_GLOBAL_GRACE_SECONDS, ...) rather than the defaults.
//
//   MONGODB_URI=... JWT_SECRET=... node dist/example/cli.js status
import 'reflect-metadata';
import { runTokenwardCliAndExit } from '../src/cli/index.js';
import { AppModule } from './app.module.js';

if (!process.env.MONGODB_URI) {
  // Without it the example keeps everything in memory, which no other process can see.
  process.stderr.write(
    'error: MONGODB_URI is not set: the CLI administers the MongoDB the example app runs on\n',
  );
  process.exit(2);
}

// Here TOKENWARD_ADMIN_PASSWORD is create-admin's input, not the admin the app creates at start.
const START_UP_ADMIN = [
  'TOKENWARD_ADMIN_USERNAME',
  'TOKENWARD_ADMIN_EMAIL',
  'TOKENWARD_ADMIN_PASSWORD',
];
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !START_UP_ADMIN.includes(name),
  ),
);

await runTokenwardCliAndExit(AppModule.register({ env }));

#!/usr/bin/env node
// The `tokenward` bin: a thin wrapper so everything testable lives in runCli.
import 'reflect-metadata';
import { runCli } from './run-cli.js';
import { exitWith } from './run-tokenward-cli.js';

// exitCode rather than an immediate process.exit(): on pipes that are asynchronous (macOS),
// exit() can cut off `tokenward status --json | jq` mid-output. runCli has closed the Nest
// context and its MongoDB connection, so the process ends by itself; exitWith's unref'd timer is
// only a safety net should some library leave a handle open.
exitWith(
  await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  }),
);

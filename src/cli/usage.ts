/** The CLI's help text, printed by `--help` and on every usage error. */
export const USAGE = `Usage: tokenward <command> [options]

Commands:
  create-admin --username U --email E   create a user with the role 'admin'; the password is read
                                        from TOKENWARD_ADMIN_PASSWORD, else from stdin (piped)
  rotate-global [--grace N] [--reason R]
                                        rotate the global token version; tokens of the previous
                                        version keep working for N seconds (default 300)
  rotate-user <user-id> [--reason R]    rotate one user's token version (all their tokens stop)
  status                                global versions, active users and active sessions
  rotate-keys                           signing-key rotation (not available yet)

Options:
  --json        machine-readable output (one JSON object on stdout)
  -h, --help    show this help

Environment:
  MONGODB_URI                  the MongoDB holding Tokenward's collections (required)
  TOKENWARD_COLLECTION_PREFIX  collection prefix, when the app sets mongoose.collectionPrefix
                               (default tokenward_)
  TOKENWARD_ADMIN_PASSWORD     password for create-admin (never pass it as an argument)

Exit codes: 0 success, 1 the operation failed, 2 bad arguments or configuration.
`;

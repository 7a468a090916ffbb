/** The CLI's help text, printed by `--help` and on every usage error. */
export const USAGE = `Usage: tokenward <command> [options]

Commands:
  create-admin --username U --email E   create a user with the role 'admin'; the password is read
                                        from TOKENWARD_ADMIN_PASSWORD, else from stdin (piped)
  rotate-global [--grace N] [--reason R]
                                        rotate the global token version; tokens of the previous
                                        version keep working for N seconds (default 300)
  rotate-user <user-id> [--reason R]    rotate one user's token version (all their tokens stop)
  rotate-keys [--reason R] [--revoke-previous]
                                        make a fresh signing key active; older keys verify their
                                        tokens until they expire, or stop at once with
                                        --revoke-previous (a key may have leaked)
  reset-password <user>                 send the user (id, email or username) a password-reset mail
                                        through the app's mail transport; every session revoked
  reset-mfa <user> [--reason R]         remove every second factor of the user (id, email or
                                        username) and revoke every session (audited)
  status                                global versions, active users, active sessions and the
                                        signing keys

Options:
  --json           machine-readable output (one JSON object on stdout)
  -h, --help       show this help
  -V, --version    print the version

Environment:
  MONGODB_URI                  the MongoDB holding Tokenward's collections (required)
  TOKENWARD_COLLECTION_PREFIX  collection prefix, when the app sets mongoose.collectionPrefix
                               (default tokenward_)
  TOKENWARD_ADMIN_PASSWORD     password for create-admin (never pass it as an argument)
  TOKENWARD_SECRET             the app's secret; rotate-keys needs it for EdDSA/ES256 keys
  TOKENWARD_SIGNING_ALGORITHM  algorithm of the new key for rotate-keys (HS256, EdDSA, ES256;
                               default: the active key's)

Exit codes: 0 success, 1 the operation failed, 2 bad arguments or configuration.
`;

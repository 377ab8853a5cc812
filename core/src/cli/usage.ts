export const USAGE = `usage: vigil <command>

  start [--role all|ingest|consumer|dashboard]   run the server (default role: all)

  site add <domain> [--name N] [--timezone TZ] [--allow host1,host2]
                                                 add a site; prints its id and tracking snippet
  site list [--json]                             list sites
  site remove <id>                               delete a site

  token create [--name N]                        create an API token (shown once)
  token list [--json]                            list API tokens
  token revoke <id>                              revoke an API token

  user create --email E --password-stdin         create a dashboard user; the password is read
                                                 from stdin (e.g. printf '%s' "$PW" | vigil ...)

  help                                           this text

Configuration comes from the environment: VIGIL_DATA_DIR (default ./data), DATABASE_URL
(postgres://..., else SQLite in the data directory), VIGIL_PUBLIC_URL, PORT.
`;

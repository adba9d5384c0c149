export const USAGE = `usage: npm run county -- <command> [options]

  serve [--port P] [--host H] [--db FILE]       run the HTTP server (default 127.0.0.1:8740)
  village add --code C --name N --township T [--groups G]
  village list [--json]
  device enroll-code --village C [--ttl 24h] [--json]
                                                print a one-time enrollment code
  device list [--json]
  device revoke ID
  import-demo DIR                               validate a demo-data folder, add its villages, publish it
  import-funds FILE [--dry-run] [--program ID] [--json]
                                                check a finance bureau disbursement list (CSV or XLSX)
                                                and publish it if every row is good; exit 1 otherwise
  publish-update DIR [--version V] [--min-version V] [--json]
                                                offer the installers in DIR (.exe, .deb, .AppImage, e.g.
                                                electron-builder's output) to enrolled kiosks; platform,
                                                arch and version come from the file names, the SHA-256
                                                from the bytes; files go to UPDATE_DIR (default: updates
                                                beside the SQLite file)
  case transition --receipt NO --to STATE [--reason R] --by NAME [--json]
                                                move a case (county user NAME); kiosks pull the event
  feedback answer --ticket NO --text T --by NAME [--json]
                                                answer a resident's ticket; kiosks pull the answer
  epoch bump                                    after restoring a backup: every kiosk starts sync over
  changes compact [--json]                      remove superseded rows of the change log
  user add --name N --role admin|clerk|viewer [--json]
                                                add a dashboard account; the password is read from
                                                stdin's first line, or asked twice on a terminal
  user list [--json]
  user disable NAME                             refuse sign-in and end the account's sessions
  user password --name N                        set a new password (as for add); lifts a lockout

Every command takes --db FILE (SQLite); without it DATABASE_URL=postgres://… is used if set,
otherwise a SQLite file in the user's data folder.`;

/** A mistake in the command line: shown with the usage, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

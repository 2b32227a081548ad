// Headless entry: `watchfloor serve | backup | restore | export | import | simulate | eval | users | token | audit |
// release | help`.
// Finds the command, hands it the process's environment and streams, and turns the outcome
// into an exit code: 0 done, 1 failed (engine or job error), 2 the command line itself is wrong.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { auditCommand } from './server/commands/audit-command';
import { backupCommand } from './server/commands/backup-command';
import {
  parseCommandLine,
  UsageError,
  type Command,
  type CommandContext,
  type OptionSpecs,
} from './server/commands/command-line';
import { usageErrorHelp } from './server/commands/command-usage';
import { evalCommand } from './server/commands/eval-command';
import { exportCommand } from './server/commands/export-command';
import { importCommand } from './server/commands/import-command';
import { releaseCommand } from './server/commands/release-command';
import { restoreCommand } from './server/commands/restore-command';
import { serveCommand } from './server/commands/serve-command';
import { simulateCommand } from './server/commands/simulate-command';
import { tokenCommand } from './server/commands/token-command';
import { usersCommand } from './server/commands/users-command';
import { createStatusLine } from './server/commands/status-line';
import { version } from '../../package.json';

const USAGE = `Watchfloor ${version} — industrial telemetry control room

Usage:
  watchfloor serve   [--port N] [--host H] [--data DIR] [--config FILE] [--no-simulator] [--anomaly-injection] [--new-state]
  watchfloor backup  DIR [--data DIR] [--config FILE] [--host H] [--port N]
  watchfloor restore DIR [--data DIR] [--config FILE] [--host H] [--port N] [--force]
  watchfloor export  (--series DEV/SIG[,DEV/SIG…] | --device ID) --out FILE
                     [--from T] [--to T] [--tier raw|1m|1h|1d] [--format csv|parquet]
                     [--data DIR] [--config FILE] [--host H] [--port N]
  watchfloor export  --lake DIR [--from T] [--to T] [--data DIR] [--config FILE] [--host H] [--port N]
  watchfloor import  FILE [--device ID | --device-column C] [--signal S | --signal-column C]
                     [--value-column C] [--timestamp-column C] [--unit-column C] [--quality-column C]
                     [--wide [--exclude a,b]] [--columns a,b,c] [--separator ;] [--format csv|parquet]
                     [--preview] [--create-device] [--data DIR] [--config FILE] [--host H] [--port N]
  watchfloor import  --lake DIR [--data DIR] [--config FILE] [--host H] [--port N]
  watchfloor simulate --to mqtt://HOST:PORT[/PREFIX] | kafka://HOST:PORT/TOPIC
                     [--devices N] [--signals M] [--interval-ms T] [--duration S] [--seed K]
                     [--faults KIND,…] [--fault-rate R] [--pattern DEVICE/SIGNAL:at=S,for=S,by=X[,every=S]]
                     [--labels FILE] [--batch] [--qos 0|1]
  watchfloor eval nab --data DIR [--json]
  watchfloor eval csv --file F --out SCORES [--time-column C] [--separator S] [--label-column L]
                     [--ignore-columns A,B] [--train-rows N] [--min-span 24h] [--no-stats] [--json]
  watchfloor eval retrieval [--k 5] [--knowledge DIR] [--set FILE] [--json]
  watchfloor users   add NAME --role viewer|operator|engineer|admin [--areas A,B] [--display-name X]
  watchfloor users   list | passwd NAME | unlock NAME | remove NAME   [--data DIR] [--config FILE] [--host H] [--port N]
  watchfloor token   create --name N --user U [--role R] [--scope api,ingest] [--days N]
  watchfloor token   list | revoke ID   [--data DIR] [--config FILE] [--host H] [--port N]
  watchfloor audit   verify [--data DIR] [--config FILE] [--host H] [--port N]
  watchfloor audit   export --out FILE [--from T] [--to T] [--actor NAME] [--action NAME|PREFIX.]
                     [--data DIR] [--config FILE] [--host H] [--port N]
  watchfloor release keygen [--out DIR]
  watchfloor release sign MANIFEST --key FILE [--staging PERCENT] [--notes FILE]
  watchfloor release verify MANIFEST [--key PEM] [--json]
  watchfloor release bundle --from DIR --out DIR [--platform linux|win|mac] [--channel stable|beta]
                     [--key PEM] [--json]
  watchfloor help

serve    runs the engine headless and serves the control room over HTTP (default
         http://127.0.0.1:5780; HTTPS with server.tls in the configuration). With no
         configuration it starts an embedded MQTT broker and the simulator of the five default
         devices. Beyond loopback (--host 0.0.0.0) it needs users first (watchfloor users add).
backup   writes a consistent copy of history and state (history.duckdb, state.db,
         manifest.json) into DIR, a new or empty folder, while ingest goes on.
restore  copies a backup from DIR into the data directory. The engine must be stopped;
         files already there are moved aside into <data>/pre-restore-<time>/, never deleted.
export   writes the readings of some series (--device: all of its signals) to one CSV or
         Parquet file; with --lake, every reading in range to a Parquet lake partitioned
         date=YYYY-MM-DD/device=ID/ in the new folder DIR.
import   loads a CSV or Parquet file (mapping guessed, flags override; --preview shows the first
         rows and stores nothing; JSON summary on stdout), or with --lake a Parquet lake; readings
         already stored are skipped and counted. A --device that is not registered is refused
         unless --create-device says to create it (unconfigured, with the file's signals); so
         are the rows of a device column naming a device that is not registered.
         Ctrl-C during a backup, export or import cancels its job in the engine (the command
         waits until it has stopped; a second Ctrl-C leaves at once).
simulate publishes a fleet of N devices × M signals (default 10 × 3, every 1000 ms, spread
         over the interval) to an MQTT broker (topic PREFIX/<device>/telemetry, default
         prefix watchfloor/devices) or a Kafka topic (keyed by device), with injected faults
         (spike, drift, stuck, noise, dropout, offline). Runs --duration S seconds, or until
         Ctrl-C when 0 (default); prints a JSON summary of what was accepted.
eval nab streams every file of the Numenta Anomaly Benchmark folder DIR (data/, labels/,
         config/) through the engine's statistical detector, one configuration for all, and
         prints the normalized NAB scores of the three profiles (--json: per-file detail).
eval csv runs a multivariate CSV through the detectors: the first N rows (default 30 %) train
         the PCA model (ONNX, onnxruntime), every column also gets the statistics scorer; writes
         timestamp,anomaly_score,is_anomaly per row and, with a label column, prints precision,
         recall, F1, false-alarm and missed-alarm rates over the rows after training. Training
         rows spanning less than --min-span (default 24 h, as models.minTrainingSpan) on the
         CSV's times refuse the model (exit 3); a CSV without times skips that rule and says so.
eval retrieval indexes the runbooks (default resources/knowledge) in memory and asks every
         question of the set (default test/fixtures/assistant/retrieval-set.json) of the
         knowledge search: recall@k (default 5) and MRR@10 by question type, tuning (odd ids)
         and held out (even ids), and what the relevance floor does with unanswerable questions.
         BM25 alone: hybrid figures need a real embedding model.
users    the engine's users (roles viewer, operator, engineer, admin; --areas limits what an
         operator may acknowledge or shelve to those plant areas). add asks for the password
         twice without echo, or reads the first line of stdin; the first admin ends open mode.
         passwd sets a new password and ends the user's sessions; unlock lifts the lockout
         after five failed sign-ins; remove keeps the last active admin.
token    API tokens for machine clients: create prints a token (wf_…) once on stdout and keeps
         only its hash; it acts for --user with their role and areas or less (--role), for
         the REST API and WebSocket (--scope api, the default) and/or HTTP ingest (ingest),
         optionally for --days. list shows prefixes and last use; revoke ends one at once.
audit    verify walks the audit trail's hash chain and its head anchor: exit 0 with
         "N entries, chain intact", exit 1 naming the first edited, inserted or missing entry.
         export writes the trail (oldest first, at most 100,000 rows) as CSV to --out; the
         export itself is recorded. Both ask the running engine, else read state.db directly.
release  the update-signing tools (docs/releases.md). keygen writes the release key pair once:
         release.key (private, mode 0600, never overwritten, kept offline) and
         update-signing-key.pem (public, for build/). sign sets stagingPercentage and
         releaseNotes in an electron-builder manifest (latest*.yml, beta*.yml) if asked, then
         writes MANIFEST.sig. verify checks the signature (default key: the app's
         build/update-signing-key.pem) and each file's size and sha512: exit 0 only when all pass.
         bundle copies a signed, verified release (manifest, .sig, installers, blockmaps) into a
         new folder DIR with a README.txt, for sites without network, and checks the copy.

backup, export, import, users and token use the engine running for the data directory when one answers
at --host/--port (as \`serve\` was started); otherwise they open the data in this process.
Paths are on the engine's machine; an export file is downloaded when it is not. Run as the
engine's user (who can read <data>/local-access.key) they may name any path; otherwise the
engine confines them to <data>/imports, <data>/exports and files.importDirs/exportDirs.

Options:
  --port N         HTTP port (default 5780; 0 picks a free one for serve)
  --host H         interface to bind, or where a running engine answers (default 127.0.0.1)
  --data DIR       data directory (default: the user's Watchfloor data folder)
  --config FILE    JSON configuration file
  --no-simulator   serve: do not start the built-in simulator
  --anomaly-injection
                   serve: the simulator pushes 5 % of readings past a limit (the
                   specification's anomaly injection, for demos and load) instead of running
                   a quiet plant with a handful of episodes an hour
  --new-state      serve: when state.db is missing, empty, damaged or not the one history was
                   kept with, move it aside and start with a new, empty state (devices and
                   settings saved in Settings, alarms and dead letters start over; history is
                   kept) instead of refusing to start; a sound state.db is left as it is
  --force          restore: restore a backup made by a newer Watchfloor version
  --series LIST    export: series as device/signal, comma-separated or repeated
  --device ID      export: every signal of the device (repeatable)
  --from T, --to T export: the range, as epoch ms or ISO-8601 (default: the last 24 hours;
                   with --lake, all history); audit export: the period (default: all of it)
  --tier TIER      export: raw readings (default) or 1m, 1h, 1d rollups
  --format F       export: csv (default) or parquet (default when --out ends in .parquet)
  --out FILE       export, audit export: where to write the file; release keygen, bundle: the folder
  --lake DIR       export/import: the Parquet lake folder
  --actor NAME     audit export: one user's entries
  --action NAME    audit export: one method or event, or every one under a prefix (alarms.)
  --to URL         simulate: where to publish (mqtts:// and user:pass@ accepted)
  --devices N, --signals M, --interval-ms T
                   simulate: fleet size and publishing interval (default 10, 3, 1000)
  --duration S     simulate: seconds to run; 0 (default) runs until Ctrl-C
  --faults LIST    simulate: fault kinds to inject (default all; none for a clean fleet)
  --fault-rate R   simulate: faults per device per minute (default 0.05)
  --pattern SPEC   simulate: a benign offset by X on one signal for S seconds, first at=S seconds
                   into the run, then every=S (default 86400: the same time every day); repeatable
  --seed K         simulate: same seed, same values and faults (default random, printed)
  --labels FILE    simulate: write each injected fault as a JSON line (device, signal,
                   kind, start, end, parameters)
  --batch          simulate: one message per device per tick with all its signals
  --qos Q          simulate: MQTT QoS, 0 or 1 (default 1)
  --key FILE       release sign: the private key (release.key); verify, bundle: the public key
  --staging P      release sign: stagingPercentage, the share of stations (0–100) that take it
  --notes FILE     release sign: the release notes (text or Markdown) stations show
  --from DIR       release bundle: the release folder (electron-builder's output)
  --platform P     release bundle: linux, win or mac (default: this machine's)
  --channel C      release bundle: stable (latest*.yml, the default) or beta (beta*.yml)

Progress goes to stderr, the result to stdout. Exit codes: 0 ok, 1 failed, 2 usage error.

Environment: WATCHFLOOR_DATA, WATCHFLOOR_HOST, WATCHFLOOR_PORT, WATCHFLOOR_MQTT_URL
(an external broker; turns the embedded one off), WATCHFLOOR_SIMULATOR=0, WATCHFLOOR_TOKEN
(an API token, wf_…, that backup/export/import send to a running engine when they cannot read its
data directory's local key).`;

const status = createStatusLine(process.stderr);

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  backup: backupCommand,
  restore: restoreCommand,
  export: exportCommand,
  import: importCommand,
  simulate: simulateCommand,
  eval: evalCommand,
  users: usersCommand,
  token: tokenCommand,
  audit: auditCommand,
  release: releaseCommand,
};

/** The command name wherever it stands (`--port 5 serve` works), judged by every known option. */
function findCommand(argv: string[]): { name: string | undefined; help: boolean } {
  const options: OptionSpecs = { help: { type: 'boolean', short: 'h' } };
  for (const c of Object.values(COMMANDS)) Object.assign(options, c.options);
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: false });
  return { name: positionals[0], help: values.help === true };
}

async function main(argv: string[]): Promise<number> {
  const { name, help } = findCommand(argv);
  if (help || name === 'help' || argv.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(name ? `unknown command "${name}"` : 'no command given');
  const ctx: CommandContext = {
    version,
    // Here, not in the command: bundling may move the command into a chunk folder.
    rendererDir: join(__dirname, '../renderer'),
    appDir: join(__dirname, '../..'),
    env: process.env,
    platform: process.platform,
    out: (line) => process.stdout.write(`${line}\n`),
    status,
  };
  return command.run(parseCommandLine(argv, command.options), ctx);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    status.clear();
    if (err instanceof UsageError) {
      const { name } = findCommand(process.argv.slice(2));
      const help = usageErrorHelp(USAGE, name && name in COMMANDS ? name : undefined);
      process.stderr.write(`watchfloor: ${err.message}\n\n${help}\n`);
      process.exit(2);
    }
    process.stderr.write(`watchfloor: ${(err as Error).message}\n`);
    process.exit(1);
  },
);

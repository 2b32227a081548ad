#!/usr/bin/env node
// The system packages the test suites run against (real peers, not stand-ins), listed once.
// `npm test` (scripts/test.mjs) and the CI gate (.ci/run) both call it before anything else:
// a missing peer is installed with apt-get when we are root on a Debian-like system, and
// otherwise the run stops at once with the one command line that installs it. Only the peers
// of the suites a run selects are asked for, so `npm test -- --project unit` needs none.
//
//   node scripts/system-peers.mjs [--project NAME]…   ensure the peers (all suites by default)
//   node scripts/system-peers.mjs --list              print the apt packages, one a line
//
// WATCHFLOOR_INSTALL_PEERS=no: never install, only check and say what to run.
// A new peer (Prometheus, node exporter, VictoriaMetrics, InfluxDB…) is one entry in systemPeers().
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Each peer: its Debian package, the files the tests run (all must exist), the vitest projects that need it. */
export function systemPeers(env = process.env) {
  return [
    {
      package: 'chromium',
      files: [env.WATCHFLOOR_CHROMIUM ?? '/usr/bin/chromium'],
      projects: ['e2e'],
      why: 'the end-to-end tests drive it with playwright-core',
    },
    {
      package: 'mosquitto',
      files: ['/usr/sbin/mosquitto', '/usr/bin/mosquitto_passwd'],
      projects: ['integration'],
      why: 'an external MQTT broker (TLS, passwords, persistent sessions)',
    },
    {
      package: 'kcat',
      files: ['/usr/bin/kcat'],
      projects: ['integration'],
      why: "librdkafka's mock cluster, a real Kafka-protocol broker",
    },
    {
      package: 'openssl',
      files: ['/usr/bin/openssl'],
      projects: ['integration'],
      why: 'throwaway certificates for the TLS tests (serve over HTTPS, brokers over TLS)',
    },
    {
      package: 'prometheus',
      files: ['/usr/bin/prometheus', '/usr/bin/promtool'],
      projects: ['integration'],
      why: "scrapes the engine's own GET /metrics; promtool checks the text format",
    },
    {
      package: 'prometheus-node-exporter',
      files: ['/usr/bin/prometheus-node-exporter'],
      projects: ['integration'],
      why: 'a real Prometheus exporter (text format 0.0.4) for the scrape source',
    },
    {
      package: 'python3-prometheus-client',
      files: ['/usr/bin/python3', '/usr/lib/python3/dist-packages/prometheus_client/__init__.py'],
      projects: ['integration'],
      why: 'a real OpenMetrics exporter (the Prometheus Python client) for the scrape source',
    },
    {
      package: 'victoria-metrics',
      files: ['/usr/bin/victoria-metrics'],
      projects: ['bench'],
      why: '`npm run bench -- peers` loads and queries it beside Watchfloor (skipped when absent)',
    },
    {
      package: 'influxdb',
      files: ['/usr/bin/influxd'],
      projects: ['bench'],
      why: '`npm run bench -- peers` loads and queries InfluxDB 1.x beside Watchfloor (skipped when absent)',
    },
  ];
}

/**
 * The project patterns a vitest command line selects (`--project X`, `--project=X`), or
 * undefined when it selects every project. Other arguments (file filters, -t) narrow the run
 * inside the selected projects and are not read: without --project, every suite's peers are needed.
 */
export function selectedProjects(args) {
  const projects = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--project' && i + 1 < args.length) projects.push(args[++i]);
    else if (args[i].startsWith('--project=')) projects.push(args[i].slice('--project='.length));
  }
  return projects.length > 0 ? projects : undefined;
}

/** vitest's project patterns allow `*` wildcards; a negated pattern (`!x`) is taken as "every project". */
function matches(pattern, name) {
  if (pattern.startsWith('!')) return name !== 'bench'; // every test project; the benchmarks are not one
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return re.test(name);
}

/**
 * The peers the selected projects need (every test suite's peers when projects is undefined).
 * The benchmarks' peers ('bench', not a vitest project) are ensured only when asked for by name:
 * `node scripts/system-peers.mjs --project bench`.
 */
export function peersFor(peers, projects) {
  if (projects === undefined) return peers.filter((peer) => peer.projects.some((name) => name !== 'bench'));
  return peers.filter((peer) => peer.projects.some((name) => projects.some((p) => matches(p, name))));
}

/** What to do about the missing peers: nothing, install them, or stop with the command to run. */
export function decide({ missing, isRoot, hasAptGet, installAllowed }) {
  if (missing.length === 0) return { action: 'none' };
  const packages = [...new Set(missing.map((peer) => peer.package))];
  if (isRoot && hasAptGet && installAllowed) return { action: 'install', packages };
  return { action: 'stop', packages, command: installCommand(packages, { sudo: !isRoot }) };
}

export function installCommand(packages, { sudo }) {
  const s = sudo ? 'sudo ' : '';
  return `${s}apt-get update && ${s}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

function stopMessage(plan, missing, env) {
  const lines = [
    `The tests need system packages that are missing: ${missing.map((p) => `${p.package} (${p.why})`).join('; ')}.`,
    `Install them with: ${plan.command}`,
  ];
  lines.push(...overrideNote(missing, env));
  lines.push('The unit tests need none: npm test -- --project unit');
  return lines;
}

/** A chromium set elsewhere by WATCHFLOOR_CHROMIUM is not one apt-get can put there. */
function overrideNote(missing, env) {
  return env.WATCHFLOOR_CHROMIUM && missing.some((p) => p.package === 'chromium')
    ? [`(WATCHFLOOR_CHROMIUM points at ${env.WATCHFLOOR_CHROMIUM}, which does not exist.)`]
    : [];
}

/** The pid of Debian's mosquitto service (its pid file, from /etc/mosquitto/mosquitto.conf), if it runs. */
function debianMosquittoPid() {
  try {
    const pid = Number(readFileSync('/run/mosquitto/mosquitto.pid', 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'mosquitto' ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Real effects; ensurePeers takes them as a parameter so its decisions can be tested without them. */
export const machine = {
  exists: (file) => existsSync(file),
  isRoot: () => process.getuid?.() === 0,
  hasAptGet: () => existsSync('/usr/bin/apt-get'),
  run: (cmd, args) =>
    spawnSync(cmd, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status ?? 1,
  debianMosquittoPid,
  stopDebianMosquitto() {
    spawnSync('service', ['mosquitto', 'stop'], { stdio: 'ignore' });
    const pid = debianMosquittoPid(); // still running: no init script or service manager did it
    if (pid !== undefined) process.kill(pid, 'SIGTERM');
  },
  log: (line) => console.error(line),
};

/**
 * Makes sure the peers of the selected projects are there. Returns true when the tests can run.
 * As root it also stops Debian's own mosquitto service (apt starts it on install): the tests start
 * their own brokers on free ports and want no broker they did not start. Only that daemon, found
 * by its pid file, is stopped — never a broker another test run started.
 */
export function ensurePeers({ projects, env = process.env, effects = machine }) {
  const needed = peersFor(systemPeers(env), projects);
  const absent = () => needed.filter((peer) => !peer.files.every((f) => effects.exists(f)));
  let missing = absent();
  const plan = decide({
    missing,
    isRoot: effects.isRoot(),
    hasAptGet: effects.hasAptGet(),
    installAllowed: env.WATCHFLOOR_INSTALL_PEERS !== 'no',
  });
  if (plan.action === 'stop') {
    for (const line of stopMessage(plan, missing, env)) effects.log(line);
    return false;
  }
  if (plan.action === 'install') {
    effects.log(`Installing the system packages the tests need: ${plan.packages.join(' ')}`);
    const ok =
      effects.run('apt-get', ['update', '-qq']) === 0 &&
      effects.run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages]) === 0;
    missing = absent();
    if (!ok || missing.length > 0) {
      effects.log(`Could not install ${plan.packages.join(' ')} with apt-get (output above).`);
      for (const line of overrideNote(missing, env)) effects.log(line);
      return false;
    }
  }
  if (needed.some((peer) => peer.package === 'mosquitto') && effects.isRoot()) {
    if (effects.debianMosquittoPid() !== undefined) effects.stopDebianMosquitto();
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    for (const peer of systemPeers()) console.log(peer.package);
  } else {
    process.exit(ensurePeers({ projects: selectedProjects(args) }) ? 0 : 1);
  }
}

// What `npm test` and CI do about missing system packages: which suites need which, when apt-get
// runs, and the one command a developer without root is told to run. The machine is faked:
// installing packages for real is CI's job (.ci/run).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decide, ensurePeers, peersFor, selectedProjects, systemPeers } from './system-peers.mjs';

const names = (peers) => peers.map((p) => p.package);

/** A machine where `present` files exist; apt-get "installs" by adding the packages' files. */
function fakeMachine({ present = [], root = false, aptGet = true, aptStatus = 0, debianMosquitto = false } = {}) {
  const files = new Set(present);
  const calls = { run: [], stopped: 0, log: [] };
  const effects = {
    exists: (f) => files.has(f),
    isRoot: () => root,
    hasAptGet: () => aptGet,
    run: (cmd, args) => {
      calls.run.push([cmd, ...args].join(' '));
      if (args[0] === 'install' && aptStatus === 0) {
        for (const peer of systemPeers({})) if (args.includes(peer.package)) peer.files.forEach((f) => files.add(f));
      }
      return aptStatus;
    },
    debianMosquittoPid: () => (debianMosquitto ? 4242 : undefined),
    stopDebianMosquitto: () => calls.stopped++,
    log: (line) => calls.log.push(line),
  };
  return { effects, calls };
}
const allFiles = systemPeers({}).flatMap((p) => p.files);
const filesOf = (pkg) => systemPeers({}).find((p) => p.package === pkg).files;

describe('the system peer list', () => {
  it('names chromium, mosquitto and kcat, each for a vitest project that exists (or the benchmarks)', () => {
    expect(names(systemPeers({}))).toEqual([
      'chromium',
      'mosquitto',
      'kcat',
      'openssl',
      'prometheus',
      'prometheus-node-exporter',
      'python3-prometheus-client',
      'victoria-metrics',
      'influxdb',
    ]);
    const config = readFileSync(new URL('../vitest.config.mts', import.meta.url), 'utf8');
    for (const peer of systemPeers({})) {
      for (const project of peer.projects) if (project !== 'bench') expect(config).toContain(`name: '${project}'`);
    }
  });

  it('checks the very files the test support code runs', () => {
    const support = (file) => readFileSync(new URL(`../test/support/${file}`, import.meta.url), 'utf8');
    expect(support('browser.ts')).toContain(`'${filesOf('chromium')[0]}'`);
    expect(support('mosquitto.ts')).toContain(`'${filesOf('mosquitto')[0]}'`);
    expect(support('kafka-mock.ts')).toContain(`'${filesOf('kcat')[0]}'`);
    expect(support('self-signed.ts')).toContain(`'${filesOf('openssl')[0]}'`);
    expect(support('prometheus-scraper.ts')).toContain(`'${filesOf('prometheus')[0]}'`);
    expect(support('prometheus-scraper.ts')).toContain(`'${filesOf('prometheus')[1]}'`);
    expect(support('prometheus-exporters.ts')).toContain(`'${filesOf('prometheus-node-exporter')[0]}'`);
    for (const file of filesOf('python3-prometheus-client'))
      expect(support('prometheus-exporters.ts')).toContain(`'${file}'`);
    const bench = readFileSync(new URL('../test/bench/support/peer-servers.ts', import.meta.url), 'utf8');
    expect(bench).toContain(`'${filesOf('victoria-metrics')[0]}'`);
    expect(bench).toContain(`'${filesOf('influxdb')[0]}'`);
  });

  it('follows WATCHFLOOR_CHROMIUM, as the end-to-end tests do', () => {
    expect(systemPeers({ WATCHFLOOR_CHROMIUM: '/opt/chromium/chrome' })[0].files).toEqual(['/opt/chromium/chrome']);
  });
});

describe('which suites need which peers', () => {
  it('reads --project from a vitest command line; none means every suite', () => {
    expect(selectedProjects([])).toBeUndefined();
    expect(selectedProjects(['--no-build', '-t', 'alarm', 'src/x.test.ts'])).toBeUndefined();
    expect(selectedProjects(['--project', 'unit'])).toEqual(['unit']);
    expect(selectedProjects(['--project=e2e', '--no-build', '--project', 'integration'])).toEqual([
      'e2e',
      'integration',
    ]);
  });

  it('asks nothing of the unit suite, and only its own peers of each other suite', () => {
    const peers = systemPeers({});
    expect(names(peersFor(peers, undefined))).toEqual([
      'chromium',
      'mosquitto',
      'kcat',
      'openssl',
      'prometheus',
      'prometheus-node-exporter',
      'python3-prometheus-client',
    ]);
    expect(peersFor(peers, ['unit'])).toEqual([]);
    expect(names(peersFor(peers, ['e2e']))).toEqual(['chromium']);
    expect(names(peersFor(peers, ['integration']))).toEqual([
      'mosquitto',
      'kcat',
      'openssl',
      'prometheus',
      'prometheus-node-exporter',
      'python3-prometheus-client',
    ]);
    expect(names(peersFor(peers, ['unit', 'e2e']))).toEqual(['chromium']);
    expect(names(peersFor(peers, ['int*']))).toEqual([
      'mosquitto',
      'kcat',
      'openssl',
      'prometheus',
      'prometheus-node-exporter',
      'python3-prometheus-client',
    ]);
    expect(names(peersFor(peers, ['!e2e']))).toEqual([
      'chromium',
      'mosquitto',
      'kcat',
      'openssl',
      'prometheus',
      'prometheus-node-exporter',
      'python3-prometheus-client',
    ]);
    // The peers bench's historians: only when the bench is named, never for a test run.
    expect(names(peersFor(peers, ['bench']))).toEqual(['victoria-metrics', 'influxdb']);
  });
});

describe('what to do about missing peers', () => {
  const [chromium, mosquitto, kcat] = systemPeers({});

  it('installs as root with apt-get, and otherwise gives the one command to run', () => {
    expect(decide({ missing: [], isRoot: false, hasAptGet: false, installAllowed: true })).toEqual({ action: 'none' });
    expect(decide({ missing: [mosquitto, kcat], isRoot: true, hasAptGet: true, installAllowed: true })).toEqual({
      action: 'install',
      packages: ['mosquitto', 'kcat'],
    });
    expect(decide({ missing: [chromium], isRoot: false, hasAptGet: true, installAllowed: true })).toMatchObject({
      action: 'stop',
      command: 'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium',
    });
    expect(decide({ missing: [kcat], isRoot: true, hasAptGet: false, installAllowed: true })).toMatchObject({
      action: 'stop',
      command: 'apt-get update && apt-get install -y --no-install-recommends kcat',
    });
    expect(decide({ missing: [kcat], isRoot: true, hasAptGet: true, installAllowed: false })).toMatchObject({
      action: 'stop',
    });
  });
});

describe('npm test on a fresh machine', () => {
  it('runs the unit suite with no peer installed and without touching apt', () => {
    const { effects, calls } = fakeMachine({ root: true });
    expect(ensurePeers({ projects: ['unit'], env: {}, effects })).toBe(true);
    expect(calls.run).toEqual([]);
  });

  it('stops at once without root, naming what is missing and the line that installs it', () => {
    const { effects, calls } = fakeMachine({ present: filesOf('mosquitto') });
    expect(ensurePeers({ projects: undefined, env: {}, effects })).toBe(false);
    expect(calls.run).toEqual([]);
    expect(calls.log.join('\n')).toContain('missing: chromium');
    expect(calls.log).toContain(
      'Install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium kcat openssl prometheus prometheus-node-exporter python3-prometheus-client',
    );
    expect(calls.log).toContain('The unit tests need none: npm test -- --project unit');
  });

  it('installs only the missing packages as root, after an apt-get update, then runs', () => {
    const { effects, calls } = fakeMachine({ root: true, present: filesOf('chromium') });
    expect(ensurePeers({ projects: undefined, env: {}, effects })).toBe(true);
    expect(calls.run).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq --no-install-recommends mosquitto kcat openssl prometheus prometheus-node-exporter python3-prometheus-client',
    ]);
  });

  it('fails when apt-get does', () => {
    const { effects, calls } = fakeMachine({ root: true, aptStatus: 100 });
    expect(ensurePeers({ projects: ['integration'], env: {}, effects })).toBe(false);
    expect(calls.log).toContain(
      'Could not install mosquitto kcat openssl prometheus prometheus-node-exporter python3-prometheus-client with apt-get (output above).',
    );
  });

  it('never installs when WATCHFLOOR_INSTALL_PEERS=no, even as root', () => {
    const { effects, calls } = fakeMachine({ root: true });
    expect(ensurePeers({ projects: ['e2e'], env: { WATCHFLOOR_INSTALL_PEERS: 'no' }, effects })).toBe(false);
    expect(calls.run).toEqual([]);
    expect(calls.log).toContain(
      'Install them with: apt-get update && apt-get install -y --no-install-recommends chromium',
    );
  });

  it("stops Debian's mosquitto service as root when the integration suite runs, and only then", () => {
    const run = (options, projects) => {
      const { effects, calls } = fakeMachine({ present: allFiles, debianMosquitto: true, ...options });
      expect(ensurePeers({ projects, env: {}, effects })).toBe(true);
      return calls.stopped;
    };
    expect(run({ root: true }, undefined)).toBe(1);
    expect(run({ root: true }, ['integration'])).toBe(1);
    expect(run({ root: true }, ['e2e'])).toBe(0);
    expect(run({ root: false }, undefined)).toBe(0);
    expect(run({ root: true, debianMosquitto: false }, undefined)).toBe(0);
  });
});

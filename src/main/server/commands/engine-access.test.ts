// What the command line shows a running engine: the data directory's local key when it can
// read it (then the engine trusts it as its own user), and WATCHFLOOR_TOKEN when set.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config/load-config';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { LOCAL_KEY_HEADER } from '../access/access-gate';
import { ensureLocalKey } from '../access/secret-files';
import { engineCredentials } from './engine-access';

describe('engineCredentials', () => {
  it('sends the local key it can read, and the API token from the environment', () => {
    const dir = makeTempDir();
    try {
      const config = parseConfig({ dataDir: dir.path });
      expect(engineCredentials(config, {})).toEqual({});
      expect(engineCredentials(config, { WATCHFLOOR_TOKEN: 'wf_abc' })).toEqual({ authorization: 'Bearer wf_abc' });
      const key = ensureLocalKey(dir.path);
      expect(engineCredentials(config, {})).toEqual({ [LOCAL_KEY_HEADER]: key.toString('hex') });
    } finally {
      dir.remove();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigSchema } from './config-schema';

describe('models sustained-alarm settings', () => {
  it('takes k of n, keeps k consecutive by default, and refuses n below k with the reason', () => {
    expect(ConfigSchema.parse({ dataDir: 'd', models: { persistence: 2, persistenceWindow: 3 } }).models).toMatchObject(
      {
        persistence: 2,
        persistenceWindow: 3,
      },
    );
    expect(ConfigSchema.parse({ dataDir: 'd' }).models.persistenceWindow).toBeUndefined();
    const bad = ConfigSchema.safeParse({ dataDir: 'd', models: { persistence: 3, persistenceWindow: 2 } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toContain('persistenceWindow must be at least models.persistence');
  });
});

describe('models minimum training span', () => {
  it('is a day unless set, reads durations, and refuses what is not one with the reason', () => {
    expect(ConfigSchema.parse({ dataDir: 'd' }).models.minTrainingSpan).toBe(86_400_000);
    expect(ConfigSchema.parse({ dataDir: 'd', models: { minTrainingSpan: '7d' } }).models.minTrainingSpan).toBe(
      7 * 86_400_000,
    );
    expect(ConfigSchema.parse({ dataDir: 'd', models: { minTrainingSpan: 0 } }).models.minTrainingSpan).toBe(0);
    const bad = ConfigSchema.safeParse({ dataDir: 'd', models: { minTrainingSpan: 'a day' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toContain('models.minTrainingSpan must be a duration such as "24h"');
  });
});

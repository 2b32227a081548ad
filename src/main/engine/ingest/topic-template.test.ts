import { describe, expect, it } from 'vitest';
import { compileSubscription, topicMatches, topicNames } from './topic-template';

describe('topic templates', () => {
  it('subscribes to the template with wildcards and names device and signal from the levels', () => {
    const sub = compileSubscription({ template: 'plant/{line}/{device}/{signal}', format: 'value' }, 1);
    expect(sub).toMatchObject({ filter: 'plant/+/+/+', format: 'value', qos: 1 });
    expect(topicNames(sub, 'plant/line-2/press-7/temperature')).toEqual({ deviceId: 'press-7', signal: 'temperature' });
  });

  it('refuses a template level that mixes text and placeholders', () => {
    expect(() => compileSubscription({ template: 'plant/x{device}' }, 0)).toThrow(/must be literal/);
  });

  it('reads Sparkplug topics as Sparkplug', () => {
    expect(compileSubscription('spBv1.0/#', 1).format).toBe('sparkplug');
    expect(compileSubscription('plant/#', 1).format).toBe('json');
  });

  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/b/d', false],
    ['a/#', 'a/b/c/d', true],
    ['a/#', 'a', true],
    ['a/+', 'a/b/c', false],
    ['#', 'anything/at/all', true],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});

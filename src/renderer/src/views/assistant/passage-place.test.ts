// A result says where it comes from without repeating the document's title.
import { describe, expect, it } from 'vitest';
import { passagePlace } from './passage-place';

describe('passagePlace', () => {
  it('leaves out a first heading that is the title', () => {
    expect(passagePlace('Runbook: Pressure', ['Runbook: Pressure', 'Alarm: High', 'Actions'], null)).toBe(
      'Runbook: Pressure › Alarm: High › Actions',
    );
  });

  it('keeps headings that differ from the title and adds a PDF page', () => {
    expect(passagePlace('Pump manual', ['Maintenance'], 12)).toBe('Pump manual › Maintenance (page 12)');
    expect(passagePlace('Pump manual', [], 3)).toBe('Pump manual (page 3)');
  });
});

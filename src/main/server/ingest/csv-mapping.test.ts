// CSV column mappings from query strings: defaults, overrides, and refusals that name the parameter.
import { describe, expect, it } from 'vitest';
import { csvMappingFrom } from './csv-mapping';

const mapping = (query: string) => csvMappingFrom(new URLSearchParams(query));

describe('csvMappingFrom', () => {
  it('reads the columns from the header row by default', () => {
    expect(mapping('')).toEqual({ separator: ',', header: true });
  });

  it('takes columns, separator and header from the query', () => {
    expect(mapping('columns=deviceId,sensorType,value,timestamp&separator=;&header=true')).toEqual({
      separator: ';',
      columns: ['deviceId', 'sensorType', 'value', 'timestamp'],
      header: true,
    });
    expect(mapping('columns=device_id, signal ,value,&separator=%09')).toEqual({
      separator: '\t',
      columns: ['device_id', 'signal', 'value', ''],
      header: 'auto',
    });
  });

  it('refuses mappings that cannot give readings, naming the parameter', () => {
    const refused = {
      'columns=deviceId,value': 'columns',
      'header=false': 'columns',
      'header=yes': 'header',
      'separator=%22': 'separator',
      'separator=ab': 'separator',
      'separator=,&separator=;': 'separator',
    };
    for (const [query, parameter] of Object.entries(refused)) {
      expect(() => mapping(query), query).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ parameter }) }),
      );
    }
  });
});

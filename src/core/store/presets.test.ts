import { describe, expect, it } from 'vitest';
import { presetEndpoint, presetLocation, storePreset, storePresets } from './presets';

describe('storePresets', () => {
  it('covers the stores issue 6 names, each with CORS instructions', () => {
    expect(storePresets.map((p) => p.id)).toEqual(['aws', 'r2', 'b2', 'wasabi', 'selfHosted']);
    for (const preset of storePresets) expect(preset.corsHowTo.length).toBeGreaterThan(20);
    expect(storePreset('selfHosted').pathStyle).toBe(true);
  });

  it('fills endpoint templates', () => {
    expect(presetEndpoint(storePreset('aws'), { region: 'eu-west-1' })).toBe(
      'https://s3.eu-west-1.amazonaws.com',
    );
    expect(presetEndpoint(storePreset('aws'), {})).toBe('https://s3.us-east-1.amazonaws.com');
    expect(
      presetEndpoint(storePreset('r2'), { accountId: '023e105f4ecef8ad9ca31a8372d0c353' }),
    ).toBe('https://023e105f4ecef8ad9ca31a8372d0c353.r2.cloudflarestorage.com');
    expect(presetEndpoint(storePreset('b2'), { region: 'eu-central-003' })).toBe(
      'https://s3.eu-central-003.backblazeb2.com',
    );
    expect(presetEndpoint(storePreset('wasabi'), { region: 'eu-central-1' })).toBe(
      'https://s3.eu-central-1.wasabisys.com',
    );
    expect(
      presetEndpoint(storePreset('selfHosted'), { endpoint: 'https://s3.home.example/' }),
    ).toBe('https://s3.home.example');
  });

  it('refuses values that would change the host name', () => {
    expect(() => presetEndpoint(storePreset('aws'), { region: 'evil.com/x' })).toThrow(RangeError);
    expect(() => presetEndpoint(storePreset('r2'), {})).toThrow(/accountId/);
    expect(() => presetEndpoint(storePreset('selfHosted'), {})).toThrow(RangeError);
  });

  it('builds a location, path-style when the bucket name has dots', () => {
    const base = {
      bucket: ' photos ',
      accessKeyId: 'AK ',
      secretAccessKey: ' SK',
      region: 'eu-west-1',
    };
    expect(presetLocation(storePreset('aws'), base)).toEqual({
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
      region: 'eu-west-1',
      bucket: 'photos',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      pathStyle: false,
    });
    expect(presetLocation(storePreset('aws'), { ...base, bucket: 'my.photos' }).pathStyle).toBe(
      true,
    );
    expect(
      presetLocation(storePreset('r2'), { ...base, region: '', accountId: 'abc' }).region,
    ).toBe('auto');
  });
});

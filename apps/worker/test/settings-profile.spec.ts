import { settingsDirFromEnv } from '../src/settings-profile';

describe('settingsDirFromEnv (ACB_PROFILE / ACB_SETTINGS_DIR of apps/api and apps/worker)', () => {
  it('is undefined (settings/) by default, the profile directory for ACB_PROFILE, ACB_SETTINGS_DIR first', () => {
    expect(settingsDirFromEnv({})).toBeUndefined();
    expect(settingsDirFromEnv({ ACB_PROFILE: 'distributed' })).toBe('settings/profiles/distributed');
    expect(settingsDirFromEnv({ ACB_PROFILE: 'distributed', ACB_SETTINGS_DIR: '/etc/acb' })).toBe('/etc/acb');
  });

  it('refuses an unknown profile or a path in its name, naming it', () => {
    expect(() => settingsDirFromEnv({ ACB_PROFILE: 'nope' })).toThrow('ACB_PROFILE="nope": no settings directory settings/profiles/nope');
    expect(() => settingsDirFromEnv({ ACB_PROFILE: '../../etc' })).toThrow('ACB_PROFILE="../../etc"');
  });
});

import { describe, expect, it } from 'vitest';
import { isPermissionAllowed } from './permissions';

const demo = 'http://127.0.0.1:41234';
const remote = 'https://10.20.0.5:8443';

describe('isPermissionAllowed', () => {
  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'hid', 'usb', 'serial', 'unknown'])(
    'denies %s even to the app',
    (permission) => {
      expect(isPermissionAllowed({ permission, requestingUrl: 'app://wall/index.html', backendUrl: demo })).toBe(false);
    },
  );

  it('grants loopback access to the app for a loopback backend only', () => {
    expect(isPermissionAllowed({ permission: 'loopback-network', requestingUrl: 'app://wall/index.html', backendUrl: demo })).toBe(true);
    expect(isPermissionAllowed({ permission: 'loopback-network', requestingUrl: 'app://wall', backendUrl: demo })).toBe(true);
    expect(isPermissionAllowed({ permission: 'loopback-network', requestingUrl: 'app://wall/', backendUrl: remote })).toBe(false);
    expect(isPermissionAllowed({ permission: 'local-network', requestingUrl: 'app://wall/', backendUrl: demo })).toBe(false);
  });

  it('grants local-network access to the app for a private-network backend', () => {
    expect(isPermissionAllowed({ permission: 'local-network', requestingUrl: 'app://wall/', backendUrl: remote })).toBe(true);
    expect(isPermissionAllowed({ permission: 'local-network-access', requestingUrl: 'app://wall/', backendUrl: remote })).toBe(true);
  });

  it.each(['https://evil.example', 'app://evil/', 'data:text/html,x', 'file:///x', '', undefined])(
    'never grants anything to %s',
    (requestingUrl) => {
      for (const permission of ['loopback-network', 'local-network', 'local-network-access']) {
        expect(isPermissionAllowed({ permission, requestingUrl, backendUrl: demo })).toBe(false);
      }
    },
  );

  it('grants nothing before the backend is known', () => {
    expect(isPermissionAllowed({ permission: 'loopback-network', requestingUrl: 'app://wall/', backendUrl: undefined })).toBe(false);
  });
});

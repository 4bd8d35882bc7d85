import { AP_API_KEY, AP_OTHER_PLATFORM_USER_ID, AP_SEEDED_USER_IDS, MERCHANT_SEEDED_USER_IDS } from '../src/seed';
import { generatedUserId } from '../src/activepieces/seed-users';
import { generatedStaffUserId } from '../src/merchant/seed-users';

describe('seed constants', () => {
  it('has an API key of the real shape: sk- and 61 alphanumerics', () => {
    expect(AP_API_KEY).toMatch(/^sk-[0-9a-zA-Z]{61}$/);
  });

  it('uses 21-character alphanumeric Activepieces user ids', () => {
    for (const id of [...AP_SEEDED_USER_IDS, AP_OTHER_PLATFORM_USER_ID, generatedUserId(1), generatedUserId(250)]) {
      expect(id).toMatch(/^[0-9a-zA-Z]{21}$/);
    }
  });

  it('uses GUIDs for merchant staff ids, including the upper-case one from the docs', () => {
    for (const id of [...MERCHANT_SEEDED_USER_IDS, generatedStaffUserId(7)]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    }
    expect(MERCHANT_SEEDED_USER_IDS).toContain('2489E9AD-2EE2-8E00-8EC9-32D5F69181C0');
  });
});

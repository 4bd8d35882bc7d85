// Fixed credentials and ids of the seeded data, so tests, demos and humans can name them.
// They are fake on purpose and only ever accepted by a sandbox on 127.0.0.1.

// Activepieces Platform. Real API keys are `sk-` plus 61 alphanumerics; the fake checks that shape.
// Random-looking on purpose: the pieces redact every 8-character piece of a token from what they
// show, so a key spelling "Platform" would blank that word out of every answer and message.
export const AP_API_KEY = 'sk-dUVDs9fWjJQRNBBU4enPFPxQRdjHXPVyG9bJZWrSfAtSUmqvsRnHrrnKK8oCA';
export const AP_PLATFORM_ID = 'platform-1';
export const AP_OTHER_PLATFORM_ID = 'platform-2';

// User ids are 21 alphanumerics, like Activepieces' own ids; readable so a failing test says who it is.
export const AP_OWNER_ID = 'adaLovelaceOwner00001';
export const AP_MEMBER_ID = 'graceHopperMember0002';
export const AP_OPERATOR_ID = 'alanTuringOperator003';
export const AP_ADMIN_ID = 'katherineJohnsonAdm04';
export const AP_INACTIVE_ID = 'linusInactiveMember05';
/** A member without an externalId. */
export const AP_UNLINKED_MEMBER_ID = 'margaretHamiltonMem06';
/** Lives on another platform, so the API key must not see it. */
export const AP_OTHER_PLATFORM_USER_ID = 'otherPlatformUser0007';

/** Ids on the API key's platform, in seed order (not list order). */
export const AP_SEEDED_USER_IDS = [
  AP_OWNER_ID,
  AP_MEMBER_ID,
  AP_OPERATOR_ID,
  AP_ADMIN_ID,
  AP_INACTIVE_ID,
  AP_UNLINKED_MEMBER_ID,
] as const;

// Merchant staff API. Real tokens would be JWTs; the fake only compares strings.
export const MERCHANT_TOKEN = 'V3c5M2Ziovn6NsX5podqafdPqAGeYmj3GBmgpao7';
/** Belongs to the Viewer user: may read staff users but not change them. */
export const MERCHANT_VIEWER_TOKEN = 'tcAaFg8PSbbBWqLvLG5WMABQR9jmeXpFgvBZsbyh';
export const MERCHANT_ID = '5f0c2b7e-3a9d-4c61-8b2e-9d4f1a6c3e55';

export const MERCHANT_OWNER_ID = 'c0ffee00-0000-4000-8000-000000000001';
export const MERCHANT_ADMIN_ID = 'c0ffee00-0000-4000-8000-000000000002';
/** Exactly as the provider's documentation prints it (upper case); the API answers with it in lower case, as ASP.NET does. */
export const MERCHANT_DOCS_USER_ID = '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0';
export const MERCHANT_VIEWER_ID = 'c0ffee00-0000-4000-8000-000000000004';
export const MERCHANT_INACTIVE_ID = 'c0ffee00-0000-4000-8000-000000000005';

export const MERCHANT_SEEDED_USER_IDS = [
  MERCHANT_OWNER_ID,
  MERCHANT_ADMIN_ID,
  MERCHANT_DOCS_USER_ID,
  MERCHANT_VIEWER_ID,
  MERCHANT_INACTIVE_ID,
] as const;

// Activepieces projects, members and invitations (seeded by activepieces/seed-access.ts).
// Team projects, owned by the platform owner; ids are 21 alphanumerics like Activepieces' own.
export const AP_PROJECT_MARKETING_ID = 'marketingTeamProj0001';
export const AP_PROJECT_FINANCE_ID = 'financeTeamProject002';
export const AP_PROJECT_SUPPORT_ID = 'supportTeamProject003';
/** A team project of the other platform: the API key must not see it. */
export const AP_OTHER_PLATFORM_PROJECT_ID = 'otherPlatformProj0004';
export const AP_TEAM_PROJECT_IDS = [AP_PROJECT_MARKETING_ID, AP_PROJECT_FINANCE_ID, AP_PROJECT_SUPPORT_ID] as const;

// Built-in project roles (upstream DefaultProjectRole); the custom one exists only with `customRolesEnabled`.
export const AP_ROLE_ADMIN_ID = 'projectRoleAdmin00001';
export const AP_ROLE_EDITOR_ID = 'projectRoleEditor0002';
export const AP_ROLE_VIEWER_ID = 'projectRoleViewer0003';
export const AP_ROLE_CUSTOM_ID = 'projectRoleAuditor004';

/** Grace Hopper's personal project (every user has one: `personal` + the first 13 characters of the user id). */
export const AP_MEMBER_PERSONAL_PROJECT_ID = 'personalgraceHopperMe';

/** Grace Hopper (AP_MEMBER_ID): Editor in Marketing, Viewer in Finance, invited (pending) to Support as Editor. */
export const AP_MEMBER_MARKETING_MEMBERSHIP_ID = 'memberGraceMarketing1';
export const AP_MEMBER_FINANCE_MEMBERSHIP_ID = 'memberGraceFinance002';
export const AP_MEMBER_SUPPORT_INVITATION_ID = 'inviteGraceSupport001';

/** A pending PLATFORM invitation: a platform invitation is for someone who is not a user yet. */
export const AP_PENDING_PLATFORM_INVITATION_ID = 'inviteNewHirePlatf002';
export const AP_PENDING_PLATFORM_INVITE_EMAIL = 'new.hire@example.com';
/** A pending PROJECT invitation (Marketing, Viewer) for someone who is not a user yet. */
export const AP_PENDING_PROJECT_INVITATION_ID = 'inviteContractorMkt03';
export const AP_PENDING_PROJECT_INVITE_EMAIL = 'contractor@example.com';

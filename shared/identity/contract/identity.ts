import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import '../../platform/contract/locale';
import { DisplayName, HumanText } from '../../platform/contract/text';
import { ACTIVATION_CODE_DIGITS, PIN_DIGITS_MAX, PIN_DIGITS_MIN } from '../rules/devices';
import { PASSWORD_LENGTH_MAX } from '../rules/passwords';

/**
 * Sign-in: staff with a username and password (and a TOTP code for admins), volunteers' phones by
 * a one-time activation (a QR link or a 6-digit code) that leaves a long-lived device token. Every
 * answer that signs someone in has the same shape (`TokenResponse`).
 */

/** A staff username: letters, digits and . _ - (a phone number is a fine username). */
export const Username = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9._-]{3,32}$/,
      '用户名为 3-32 位字母、数字或 . _ - (username: 3-32 of A-Z a-z 0-9 . _ -)',
    ),
  );

/** A password as typed: never trimmed or changed; its rules are checked where one is chosen. */
export const Password = z.string().check(z.minLength(1), z.maxLength(PASSWORD_LENGTH_MAX * 4));

const TotpCode = z.string().check(z.regex(/^\d{6}$/, '动态码是 6 位数字 (the code is 6 digits)'));
const Pin = z
  .string()
  .check(
    z.regex(
      new RegExp(`^\\d{${PIN_DIGITS_MIN},${PIN_DIGITS_MAX}}$`),
      `密码是 ${PIN_DIGITS_MIN}-${PIN_DIGITS_MAX} 位数字 (the PIN is ${PIN_DIGITS_MIN}-${PIN_DIGITS_MAX} digits)`,
    ),
  );
/** A refresh or device token as issued: `<subject>.<session id>.<secret>`. */
const RefreshToken = z
  .string()
  .check(
    z.regex(
      /^(st|vo)_[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{32,128}$/,
      'must be a refresh token',
    ),
  );

export const SignInRequest = z
  .strictObject({ username: Username, password: Password, totp: z.optional(TotpCode) })
  .register(z.globalRegistry, { id: 'SignInRequest' });
export type SignInRequest = z.infer<typeof SignInRequest>;

export const ROLE_VALUES = ['admin', 'coordinator', 'counter', 'volunteer'] as const;
export const STAFF_ROLES = ['admin', 'coordinator', 'counter'] as const;

export const SignedInUser = z.object({
  sub: z.string(),
  name: z.optional(z.string()),
  groups: z.array(z.enum(ROLE_VALUES)),
  volunteerId: z.optional(z.string()),
  storeId: z.optional(z.string()),
  orgId: z.optional(z.string()),
  /** A staff member whose password an admin set must choose their own before anything else. */
  mustChangePassword: z.boolean(),
});

export const TokenResponse = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    /** Seconds the access token lives. */
    expiresIn: z.int(),
    /** Exchanged at /v1/auth/refresh for a new access token (and a new refresh token). */
    refreshToken: z.string(),
    refreshExpiresAt: z.string(),
    user: SignedInUser,
  })
  .register(z.globalRegistry, { id: 'TokenResponse' });
export type TokenResponse = z.infer<typeof TokenResponse>;

export const RefreshRequest = z
  .strictObject({ refreshToken: RefreshToken, pin: z.optional(Pin) })
  .register(z.globalRegistry, { id: 'RefreshRequest' });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const SignOutRequest = z
  .strictObject({ refreshToken: RefreshToken })
  .register(z.globalRegistry, { id: 'SignOutRequest' });

/** What a volunteer's phone sends once: the QR link's token or the 6-digit code, a name, a PIN. */
export const ActivateRequest = z
  .strictObject({
    activation: z
      .string()
      .check(
        z.regex(
          new RegExp(`^(\\d{${ACTIVATION_CODE_DIGITS}}|[A-Za-z0-9_-]{43})$`),
          `激活码是 ${ACTIVATION_CODE_DIGITS} 位数字 (the activation code is ${ACTIVATION_CODE_DIGITS} digits)`,
        ),
      ),
    deviceName: z.optional(HumanText({ max: 40, label: '设备名称', field: 'deviceName' })),
    pin: z.optional(Pin),
  })
  .register(z.globalRegistry, { id: 'ActivateRequest' });
export type ActivateRequest = z.infer<typeof ActivateRequest>;

export const ActivationResponse = z
  .object({
    volunteerId: z.string(),
    /** Typed on the phone when the QR cannot be scanned. */
    code: z.string(),
    /** The QR link's secret: `/activate#<token>`. */
    token: z.string(),
    expiresAt: z.string(),
  })
  .register(z.globalRegistry, { id: 'ActivationResponse' });
export type ActivationResponse = z.infer<typeof ActivationResponse>;

export const Device = z.object({
  deviceId: z.string(),
  name: z.optional(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  expiresAt: z.string(),
  hasPin: z.boolean(),
});
export const DeviceList = z
  .object({ volunteerId: z.string(), devices: z.array(Device) })
  .register(z.globalRegistry, { id: 'DeviceList' });
export type DeviceList = z.infer<typeof DeviceList>;

export const DevicePath = z.strictObject({ id: Id, deviceId: Id });

export const ChangePasswordRequest = z
  .strictObject({ currentPassword: Password, newPassword: Password })
  .register(z.globalRegistry, { id: 'ChangePasswordRequest' });

export const StaffPath = z.strictObject({ userId: Id });

const StaffRoles = z.array(z.enum(STAFF_ROLES)).check(
  z.minLength(1),
  z.maxLength(STAFF_ROLES.length),
  z.refine((roles) => new Set(roles).size === roles.length, '角色重复 (a role is listed twice)'),
);

export const CreateStaffRequest = z
  .strictObject({
    username: Username,
    name: DisplayName,
    roles: StaffRoles,
    storeId: z.optional(Id),
    orgId: z.optional(Id),
    /** The first password, which the member must change at their first sign-in. */
    password: Password,
  })
  .register(z.globalRegistry, { id: 'CreateStaffRequest' });
export type CreateStaffRequest = z.infer<typeof CreateStaffRequest>;

export const UpdateStaffRequest = z
  .strictObject({
    name: z.optional(DisplayName),
    roles: z.optional(StaffRoles),
    storeId: z.optional(z.nullable(Id)),
    orgId: z.optional(z.nullable(Id)),
    disabled: z.optional(z.boolean()),
  })
  .register(z.globalRegistry, { id: 'UpdateStaffRequest' });
export type UpdateStaffRequest = z.infer<typeof UpdateStaffRequest>;

export const ResetPasswordRequest = z
  .strictObject({ password: Password })
  .register(z.globalRegistry, { id: 'ResetPasswordRequest' });

export const StaffMember = z
  .object({
    userId: z.string(),
    username: z.string(),
    name: z.string(),
    roles: z.array(z.enum(STAFF_ROLES)),
    storeId: z.optional(z.string()),
    orgId: z.optional(z.string()),
    disabled: z.boolean(),
    totpEnabled: z.boolean(),
    mustChangePassword: z.boolean(),
    lockedUntil: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** Only when an admin is created or reset: the TOTP secret to scan once (otpauth URI). */
    totpUri: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'StaffMember' });
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffList = z
  .object({ staff: z.array(StaffMember) })
  .register(z.globalRegistry, { id: 'StaffList' });

export const Jwks = z
  .object({ keys: z.array(z.record(z.string(), z.unknown())) })
  .register(z.globalRegistry, { id: 'Jwks' });

export const OpenIdConfiguration = z
  .object({
    issuer: z.string(),
    jwks_uri: z.string(),
    id_token_signing_alg_values_supported: z.array(z.string()),
    response_types_supported: z.array(z.string()),
    subject_types_supported: z.array(z.string()),
    token_endpoint: z.string(),
    claims_supported: z.array(z.string()),
  })
  .register(z.globalRegistry, { id: 'OpenIdConfiguration' });

import { z } from 'zod';
import { text } from './fields';

export const PASSWORD_MIN_LENGTH = 12;
// argon2 cost grows with input length; no human password needs more.
export const PASSWORD_MAX_LENGTH = 200;

export const emailField = text()
  .trim()
  .toLowerCase()
  .min(1, 'Enter your email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email({ message: 'Enter a valid email address.' }));

/** A new password: length here (shared with the browser); the common-password check runs on the server. */
export const newPasswordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

/** A code from an authenticator app (6 digits) or a recovery code, as typed. */
const mfaCodeField = z.string().trim().max(40, 'That code is too long.');

export const signInSchema = z.object({
  email: emailField,
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX_LENGTH, 'That password is too long.'),
  // The second step, for accounts with two-step sign-in: absent on the first submit.
  code: mfaCodeField.optional(),
  // Auth.js hands form fields to authorize() as text.
  rememberDevice: z.union([z.boolean(), z.stringbool()]).optional(),
});
export type SignInInput = z.input<typeof signInSchema>;

/** The first code from a newly set-up authenticator app. */
export const mfaCodeSchema = z.object({ code: mfaCodeField.min(1, 'Enter the 6-digit code your app shows.') });
export type MfaCodeInput = z.input<typeof mfaCodeSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(PASSWORD_MAX_LENGTH),
    newPassword: newPasswordField,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two new passwords do not match.',
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from your current one.',
  });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

/** Setting a first password from a portal invitation. */
export const acceptInvitationSchema = z
  .object({ password: newPasswordField, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The two passwords do not match.' });
export type AcceptInvitationInput = z.input<typeof acceptInvitationSchema>;
/** What a one-time link's page sends: its token (the credential) and the new password. */
export const linkPasswordSchema = z.object({ token: z.string() }).and(acceptInvitationSchema);

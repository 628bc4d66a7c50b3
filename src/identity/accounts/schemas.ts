/* Input schemas of the account endpoints: the contract, the validation and the types. */
import { Type } from "typebox";
import { SIGN_IN_METHODS } from "../factors/registry.ts";
import { EMAIL_LANGUAGES, type EmailLanguage } from "./languages.ts";

const Email = Type.String({ format: "email", maxLength: 254, errorMessage: "Enter a valid e-mail address, like name@hospital.eu." });
const Name = (label: string) => Type.String({ minLength: 1, maxLength: 100, pattern: "\\S", errorMessage: `Enter your ${label} (at most 100 characters).` });
const Password = Type.String({ minLength: 1, maxLength: 256, errorMessage: "Enter a password of at most 256 characters." });

export const RegistrationBody = Type.Object(
  {
    firstName: Name("first name"),
    lastName: Name("last name"),
    email: Email,
    confirmEmail: Type.String({ maxLength: 254, errorMessage: "Type your e-mail address again." }),
    language: Type.Unsafe<EmailLanguage>({
      type: "string",
      enum: EMAIL_LANGUAGES.map(({ code }) => code),
      errorMessage: "Choose the language of your e-mails.",
    }),
    privacyAccepted: Type.Boolean(),
    captchaId: Type.Optional(Type.String({ format: "uuid", errorMessage: "This code has expired. Please type the new code shown." })),
    captchaAnswer: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

export const EmailBody = Type.Object({ email: Email }, { additionalProperties: false });

const Method = Type.Unsafe<string>({ type: "string", enum: SIGN_IN_METHODS, errorMessage: "Choose a verification method from the list." });
const Choice = Type.Optional(Type.Record(Type.String(), Type.Unknown(), { maxProperties: 10 }));

export const SignInBody = Type.Object({ email: Email, password: Password, method: Method, choice: Choice }, { additionalProperties: false });

export const SecondFactorBody = Type.Object({ answer: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 20 }) }, { additionalProperties: false });

export const ResendBody = Type.Object({ choice: Choice }, { additionalProperties: false });

export const StepUpBody = Type.Object({ method: Method, choice: Choice }, { additionalProperties: false });

export const PasswordBody = Type.Object({ password: Password }, { additionalProperties: false });

export const TokenBody = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200, errorMessage: "This link is not valid." }) },
  { additionalProperties: false },
);

export const SetPasswordBody = Type.Object(
  {
    token: Type.String({ minLength: 10, maxLength: 200, errorMessage: "This link is not valid." }),
    password: Password,
    confirmPassword: Type.String({ maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const CaptchaParams = Type.Object({ id: Type.String({ format: "uuid", errorMessage: "Unknown code." }) });

export const ChangePasswordBody = Type.Object({ password: Password, confirmPassword: Type.String({ maxLength: 256 }) }, { additionalProperties: false });

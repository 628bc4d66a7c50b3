/*
 * The mails of the account flows. Plain text, so they read the same in every
 * client; each says why it was sent and what to do if it was not expected.
 */
type Mail = { subject: string; text: string };
type Person = { firstName: string; email: string };

const SIGNATURE = "Sent to you by OpenCPMS Login";

export function registeredMail(person: Person, link: string, ttlMinutes: number, newLinkUrl: string): Mail {
  return {
    subject: "OpenCPMS Login: you have been registered",
    text: `Dear ${person.firstName},

You have been registered in OpenCPMS Login.

Your email address is ${person.email}.

To create your password, follow the link below:

${link}

You have a maximum of ${ttlMinutes} min, starting from the time that this message was sent, to create your password, but you are encouraged to do so immediately if possible. After this time, you can make another request here: ${newLinkUrl} — you will then need to re-enter your e-mail address and confirm your request.

If you did not ask for an account, you can ignore this message: nothing happens until a password is created.

${SIGNATURE}`,
  };
}

export function alreadyRegisteredMail(person: Person, signInUrl: string, lostPasswordUrl: string): Mail {
  return {
    subject: "OpenCPMS Login: you already have an account",
    text: `Dear ${person.firstName},

Someone — probably you — asked to create an OpenCPMS Login account with ${person.email}, but this address already has one.

To sign in, go to ${signInUrl}
If you have forgotten your password, reset it here: ${lostPasswordUrl}

If it was not you, you can ignore this message: your account has not changed.

${SIGNATURE}`,
  };
}

export function resetPasswordMail(person: Person, link: string, ttlMinutes: number): Mail {
  return {
    subject: "OpenCPMS Login: reset your password",
    text: `Dear ${person.firstName},

We received a request to set a new password for your OpenCPMS Login account ${person.email}.

To choose a new password, follow the link below (valid for ${ttlMinutes} min, once):

${link}

If you did not ask for this, you can ignore this message: your password has not changed.

${SIGNATURE}`,
  };
}

export function passwordChangedMail(person: Person, lostPasswordUrl: string): Mail {
  return {
    subject: "OpenCPMS Login: your password was changed",
    text: `Dear ${person.firstName},

The password of your OpenCPMS Login account ${person.email} has just been set.

If you did not do this, reset your password at once: ${lostPasswordUrl}

${SIGNATURE}`,
  };
}

export function accountLockedMail(person: Person, minutes: number, lostPasswordUrl: string): Mail {
  return {
    subject: "OpenCPMS Login: your account is temporarily locked",
    text: `Dear ${person.firstName},

After several wrong passwords in a row, sign-in to your OpenCPMS Login account ${person.email} is locked for ${minutes} minutes.

If this was you, wait and try again, or reset your password now: ${lostPasswordUrl}
If it was not you, someone may be trying to guess your password: resetting it is a good idea.

${SIGNATURE}`,
  };
}

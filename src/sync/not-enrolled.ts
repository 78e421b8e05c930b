export class NotEnrolledError extends Error {
  override name = 'NotEnrolledError';
  constructor() {
    super('this tablet is not enrolled with the department server');
  }
}

/** The tablet's data key is closed (nobody signed in since the app started): nothing can be read or merged. */
export class SignedOutError extends Error {
  override name = 'SignedOutError';
  constructor() {
    super('sync waits for someone to sign in on this tablet');
  }
}

export class NotEnrolledError extends Error {
  override name = 'NotEnrolledError';
  constructor() {
    super('this tablet is not enrolled with the department server');
  }
}

/** An error with the HTTP status it should be answered with; its message goes to the client. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

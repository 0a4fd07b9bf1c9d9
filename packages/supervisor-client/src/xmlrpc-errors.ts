/** A well-formed XML-RPC fault answer; `message` is the faultString as sent. */
export class XmlRpcFault extends Error {
  override name = 'XmlRpcFault';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The text is not XML, or not the XML-RPC shape expected. */
export class XmlRpcParseError extends Error {
  override name = 'XmlRpcParseError';
}

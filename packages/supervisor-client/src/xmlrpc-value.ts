/**
 * A value XML-RPC can carry. int, i4, i8 and double all decode to `number`; base64 decodes
 * to a Buffer (a Uint8Array); `null` only ever comes from a decoded `<nil/>`: supervisord
 * does not understand nil, so encoding `null` is refused.
 */
export type XmlRpcValue = string | number | boolean | Date | Uint8Array | null | XmlRpcValue[] | XmlRpcStruct;

export interface XmlRpcStruct {
  [member: string]: XmlRpcValue;
}

export function isXmlRpcStruct(value: XmlRpcValue | undefined): value is XmlRpcStruct {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

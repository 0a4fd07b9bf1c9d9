export {
  SupervisorClient,
  type CallOptions,
  type MulticallEntry,
  type SupervisorClientOptions,
} from './supervisor-client.js';
export type { ConfigInfo, LogTail, PolledState, ProcessInfo, SupervisorState } from './supervisor-types.js';
export {
  ConnectionRefusedError,
  Faults,
  faultName,
  HttpError,
  ProtocolError,
  SupervisorClientError,
  SupervisorFault,
  TimeoutError,
  type ErrorContext,
  type FaultName,
} from './errors.js';
export {
  decodeMethodCall,
  decodeMethodResponse,
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
} from './xmlrpc-codec.js';
export { XmlRpcFault, XmlRpcParseError } from './xmlrpc-errors.js';
export { isXmlRpcStruct, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.js';

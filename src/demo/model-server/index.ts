/** The loopback scripted model server's public surface. */

export { codexProviderConfig } from './codex-config.js';
export {
  API_FAILURES,
  type ApiFailure,
  type Conversation,
  errorReply,
  type ModelScript,
  type Reply,
  shellWriteCommand,
  type ToolCall,
  type ToolResult,
  textReply,
  toolReply,
} from './conversation.js';
export type { RecordedRequest } from './request-log.js';
export { type ModelServer, type ModelServerOptions, startModelServer } from './server.js';

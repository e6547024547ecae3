import type {
  ConversationDetail,
  ConversationListQuery,
  ConversationSummary,
  Page,
  UnredactedConversation,
} from '@vigil/contracts';
import { request, type Fetch } from './client';

/** Conversations with their scores and evidence. */
export const conversationsApi = (fetchFn: Fetch) => ({
  listConversations: (query: ConversationListQuery) =>
    request<Page<ConversationSummary>>(fetchFn, 'GET', '/conversations', { query: { ...query } }),
  getConversation: (id: string) =>
    request<ConversationDetail>(fetchFn, 'GET', `/conversations/${encodeURIComponent(id)}`),
  /** The original texts, where kept (conversations.readUnredacted); the API audits every read. */
  getUnredacted: (id: string) =>
    request<UnredactedConversation>(fetchFn, 'GET', `/conversations/${encodeURIComponent(id)}/unredacted`),
});

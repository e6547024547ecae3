import type { ConversationDetail, ConversationListQuery, ConversationSummary, Page } from '@vigil/contracts';
import { request, type Fetch } from './client';

/** Conversations with their scores and evidence. */
export const conversationsApi = (fetchFn: Fetch) => ({
  listConversations: (query: ConversationListQuery) =>
    request<Page<ConversationSummary>>(fetchFn, 'GET', '/conversations', { query: { ...query } }),
  getConversation: (id: string) =>
    request<ConversationDetail>(fetchFn, 'GET', `/conversations/${encodeURIComponent(id)}`),
});

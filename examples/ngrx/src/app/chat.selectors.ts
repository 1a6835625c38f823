import { createFeatureSelector, createSelector } from '@ngrx/store';
import { ConnectionStatus } from 'directline-rx';
import type { ChatState } from 'directline-rx';
import { shownEntries } from '../../../angular/src/app/shown-entries';
import { CHAT_FEATURE_KEY } from './chat.reducer';

export const selectChat = createFeatureSelector<ChatState>(CHAT_FEATURE_KEY);

/** The transcript, in order; an own post is one entry (pending or failed, then its echo), a livestream one entry (growing, then its final). */
export const selectActivities = createSelector(selectChat, (chat) => chat.activities);
/** What a chat page shows of the transcript: the messages and the livestreams still growing. */
export const selectMessages = createSelector(selectActivities, shownEntries);
export const selectLivestreams = createSelector(selectChat, (chat) => chat.livestreams);
export const selectPosts = createSelector(selectChat, (chat) => chat.posts);
export const selectPendingPosts = createSelector(selectPosts, (posts) => Object.values(posts).filter((post) => post.status === 'pending'));
export const selectFailedPosts = createSelector(selectPosts, (posts) => Object.values(posts).filter((post) => post.status === 'failed'));
export const selectTypingNames = createSelector(selectChat, (chat) => Object.values(chat.typing).map(({ from }) => from.name ?? from.id));
export const selectStatus = createSelector(selectChat, (chat) => chat.status);
export const selectOnline = createSelector(selectStatus, (status) => status === ConnectionStatus.Online);
export const selectError = createSelector(selectChat, (chat) => chat.error);
/** What to persist to resume the conversation later. */
export const selectSession = createSelector(selectChat, (chat) => chat.session);

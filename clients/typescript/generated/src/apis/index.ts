/* tslint:disable */
/* eslint-disable */
export * from './ApiTokensApi.js';
export * from './ArticlesApi.js';
export * from './CommentsApi.js';
export * from './ContactApi.js';
export * from './FavoritesApi.js';
export * from './ProfilesApi.js';
export * from './RealtimeApi.js';
export * from './SessionsApi.js';
export * from './TagsApi.js';
export * from './UsersApi.js';
export * from './WebhooksApi.js';

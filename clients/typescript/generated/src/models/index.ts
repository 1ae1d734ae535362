/* tslint:disable */
/* eslint-disable */
export * from './Article.js';
export * from './Comment.js';
export * from './ErrorBody.js';
export * from './ErrorResponse.js';
export * from './LoginUser.js';
export * from './LoginUserRequest.js';
export * from './MultipleArticlesResponse.js';
export * from './MultipleCommentsResponse.js';
export * from './NewArticle.js';
export * from './NewArticleRequest.js';
export * from './NewComment.js';
export * from './NewCommentRequest.js';
export * from './NewUser.js';
export * from './NewUserRequest.js';
export * from './Profile.js';
export * from './ProfileResponse.js';
export * from './SingleArticleResponse.js';
export * from './SingleCommentResponse.js';
export * from './TagsResponse.js';
export * from './UpdateArticle.js';
export * from './UpdateArticleRequest.js';
export * from './UpdateUser.js';
export * from './UpdateUserRequest.js';
export * from './User.js';
export * from './UserResponse.js';

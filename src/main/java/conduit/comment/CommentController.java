package conduit.comment;

import conduit.api.CommentsApi;
import conduit.api.model.Comment;
import conduit.api.model.MultipleCommentsResponse;
import conduit.api.model.NewCommentRequest;
import conduit.api.model.SingleCommentResponse;
import conduit.auth.CurrentUser;
import conduit.idempotency.IdempotentRequests;
import conduit.idempotency.Once;
import io.micronaut.http.HttpResponse;
import conduit.profile.ProfileMapper;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.ZoneOffset;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class CommentController implements CommentsApi {

    private final CommentService comments;
    private final CurrentUser currentUser;
    private final IdempotentRequests idempotent;

    CommentController(CommentService comments, CurrentUser currentUser, IdempotentRequests idempotent) {
        this.comments = comments;
        this.currentUser = currentUser;
        this.idempotent = idempotent;
    }

    @Override
    public HttpResponse<MultipleCommentsResponse> getArticleComments(String slug, String ifNoneMatch,
                                                                     String conduitConsistencyToken) {
        return HttpResponse.ok(new MultipleCommentsResponse(
                comments.list(slug, currentUser.id()).stream().map(CommentController::toWire).toList()));
    }

    @Override
    public HttpResponse<SingleCommentResponse> createArticleComment(String slug, NewCommentRequest request,
                                                                    String idempotencyKey) {
        Once<CommentView, SingleCommentResponse> once = idempotent.once(idempotencyKey, request,
                SingleCommentResponse.class, added -> HttpResponse.created(new SingleCommentResponse(toWire(added))));
        return once.response(comments.add(currentUser.requireId(), slug, request.getComment().getBody(), once));
    }

    @Override
    public HttpResponse<Void> deleteArticleComment(String slug, Long id) {
        comments.delete(currentUser.requireId(), slug, id);
        return HttpResponse.noContent();
    }

    private static Comment toWire(CommentView view) {
        return new Comment(view.id(), view.createdAt().atOffset(ZoneOffset.UTC), view.updatedAt().atOffset(ZoneOffset.UTC),
                view.body(), ProfileMapper.toWire(view.author()));
    }
}

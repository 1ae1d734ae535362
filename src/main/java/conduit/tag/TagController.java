package conduit.tag;

import conduit.api.TagsApi;
import conduit.api.model.TagsResponse;
import conduit.consistency.ReadConsistency;
import conduit.system.SharedBody;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class TagController implements TagsApi {

    private final TagQueries tags;
    private final PopularTags copy;

    /**
     * The answer made from the copy, one instance per copy (it holds the copy's own list), so its JSON and ETag are
     * computed once ({@link SharedBody}).
     */
    private volatile TagsResponse shared;

    TagController(TagQueries tags, PopularTags copy) {
        this.tags = tags;
        this.copy = copy;
    }

    @Override
    public HttpResponse<TagsResponse> getTags(String ifNoneMatch, String conduitConsistencyToken) {
        if (ReadConsistency.currentMayLag()) {
            return SharedBody.mark(HttpResponse.ok(answer(copy.get())));
        }
        return HttpResponse.ok(new TagsResponse(tags.popular()));
    }

    private TagsResponse answer(List<String> tags) {
        TagsResponse current = shared;
        if (current == null || current.getTags() != tags) {
            current = new TagsResponse(tags);
            shared = current;
        }
        return current;
    }
}

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

    /** The answer made from the current copy, one per copy (by identity of the copy's list). */
    private record Answer(List<String> tags, SharedBody shared) {
    }

    private volatile Answer answer;

    TagController(TagQueries tags, PopularTags copy) {
        this.tags = tags;
        this.copy = copy;
    }

    @Override
    public HttpResponse<TagsResponse> getTags(String ifNoneMatch, String conduitConsistencyToken) {
        if (ReadConsistency.currentMayLag()) {
            List<String> current = copy.get();
            Answer shared = answer;
            if (shared == null || shared.tags() != current) {
                shared = new Answer(current, new SharedBody());
                answer = shared;
            }
            return shared.shared().ok(() -> new TagsResponse(current));
        }
        return HttpResponse.ok(new TagsResponse(tags.popular()));
    }
}

package conduit.tag;

import conduit.api.TagsApi;
import conduit.api.model.TagsResponse;
import conduit.consistency.ReadConsistency;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class TagController implements TagsApi {

    private final TagQueries tags;
    private final PopularTags copy;

    TagController(TagQueries tags, PopularTags copy) {
        this.tags = tags;
        this.copy = copy;
    }

    @Override
    public HttpResponse<TagsResponse> getTags(String ifNoneMatch, String conduitConsistencyToken) {
        return HttpResponse.ok(new TagsResponse(ReadConsistency.currentMayLag() ? copy.get() : tags.popular()));
    }
}

package dev.iamkeyremediator.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backout-marker writes one user gets, and which of them fit in its tags: removals first (they free places),
 * then marks, a new one taking one of IAM's 50 places. Pure: the rule plans a user's markers with it, and the
 * executor plans them again with the run's actions (a deactivated key is marked, a deleted key's marker removed).
 *
 * @param removals   markers to remove
 * @param marks      markers to write, each dated the day of the plan
 * @param withoutRoom key ids that need a marker but find no place among the user's tags
 */
public record MarkerPlan(List<MarkerChange> removals, List<MarkerChange> marks, Set<String> withoutRoom) {

    /** Why a key that needs a marker keeps it unwritten, in the one wording every channel uses. */
    public static final String NO_ROOM = ("the user has %d tags, IAM's limit: no marker can be written, so the key is"
            + " kept until a tag is freed").formatted(BackoutMarkers.MAX_TAGS_PER_USER);

    public MarkerPlan {
        removals = List.copyOf(removals);
        marks = List.copyOf(marks);
        withoutRoom = Set.copyOf(withoutRoom);
    }

    /**
     * @param tags        the user's tags
     * @param changes     the writes planned without this run's actions (the rule's review)
     * @param deleted     keys this run deletes: no mark, and their marker removed
     * @param deactivated keys this run deactivates: marked {@code today}
     */
    public static MarkerPlan of(Map<String, String> tags, Collection<MarkerChange> changes, Collection<String> deleted,
            Collection<String> deactivated, LocalDate today) {
        Map<String, BackoutMarkers.Marker> existing = BackoutMarkers.read(tags);
        List<MarkerChange> removals = new ArrayList<>();
        Map<String, MarkerChange> marks = new LinkedHashMap<>();
        for (MarkerChange change : changes) {
            if (change.removes()) {
                removals.add(change);
            } else if (!deleted.contains(change.accessKeyId())) {
                marks.put(change.accessKeyId(), change);
            }
        }
        deleted.stream().filter(existing::containsKey)
                .forEach(keyId -> removals.add(MarkerChange.remove(existing.get(keyId), "its key is deleted")));
        deactivated.forEach(keyId -> marks.put(keyId, MarkerChange.mark(keyId, today, ""))); // the outcome says why
        Set<String> fit = BackoutMarkers.fitting(tags, removals.stream().map(MarkerChange::accessKeyId).toList(),
                marks.keySet());
        Set<String> withoutRoom = new TreeSet<>(marks.keySet());
        withoutRoom.removeAll(fit);
        return new MarkerPlan(removals, marks.values().stream().filter(m -> fit.contains(m.accessKeyId())).toList(),
                withoutRoom);
    }

    /** The tags to write for the marks, all dated {@code day}. */
    public Map<String, String> tags(LocalDate day) {
        return BackoutMarkers.tags(marks.stream().map(MarkerChange::accessKeyId).toList(), day);
    }
}
